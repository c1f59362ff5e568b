namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// The fixed series palette: the Okabe-Ito colours, which stay distinguishable under the common forms of colour
/// blindness, ordered so the first few are the most distinct on white (yellow, the weakest on white, comes late).
/// Index i wraps around after <see cref="Count"/> colours.
/// </summary>
public static class Palette
{
    private static readonly ChartColor[] Colors =
    [
        new(0x00, 0x72, 0xB2), // blue
        new(0xD5, 0x5E, 0x00), // vermillion
        new(0x00, 0x9E, 0x73), // bluish green
        new(0xCC, 0x79, 0xA7), // reddish purple
        new(0xE6, 0x9F, 0x00), // orange
        new(0x56, 0xB4, 0xE9), // sky blue
        new(0x00, 0x00, 0x00), // black
        new(0xF0, 0xE4, 0x42), // yellow
    ];

    public static int Count => Colors.Length;

    public static ChartColor Color(int index) => Colors[((index % Colors.Length) + Colors.Length) % Colors.Length];
}
