using System.Globalization;

namespace GrnGpu.Models.Training.Plots;

/// <summary>An opaque 8-bit RGB colour.</summary>
public readonly record struct ChartColor(byte R, byte G, byte B)
{
    public static ChartColor White => new(255, 255, 255);
    public static ChartColor Black => new(0, 0, 0);

    /// <summary>"#RRGGBB", as SVG and CSS write colours.</summary>
    public string Hex => string.Create(CultureInfo.InvariantCulture, $"#{R:X2}{G:X2}{B:X2}");

    public override string ToString() => Hex;
}
