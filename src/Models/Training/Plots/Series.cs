namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// One named line of a chart. Points are drawn in the order given. Every coordinate must be finite: a NaN or an
/// infinity is rejected here, with the series named, rather than drawn as a gap or a line to nowhere.
/// </summary>
public sealed class Series
{
    /// <param name="name">Shown in the legend.</param>
    /// <param name="points">(x, y) in data units; may be empty (legend only) or a single point (drawn as a dot).</param>
    /// <param name="paletteIndex">Colour index into <see cref="Palette"/>; null takes the series' position in its chart.</param>
    public Series(string name, IEnumerable<(double X, double Y)> points, int? paletteIndex = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(points);
        var copy = points.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            var (x, y) = copy[i];
            if (!double.IsFinite(x) || !double.IsFinite(y))
                throw new ArgumentException($"series '{name}': point {i} is ({x}, {y}); every coordinate must be a finite number", nameof(points));
        }
        Name = name;
        Points = copy;
        PaletteIndex = paletteIndex;
    }

    public string Name { get; }
    public IReadOnlyList<(double X, double Y)> Points { get; }
    public int? PaletteIndex { get; }
}
