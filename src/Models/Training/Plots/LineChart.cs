namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// What a line chart shows, independent of how it is drawn: title, axes, series and legend. Rendered to SVG by
/// <see cref="SvgChartWriter"/> and to pixels by <see cref="ChartRasterizer"/>; both place everything through
/// one <see cref="ChartLayout"/>, so the two files agree.
/// </summary>
public sealed class LineChart
{
    public LineChart(string title, Axis x, Axis y, IEnumerable<Series> series)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(series);
        Title = title;
        X = x;
        Y = y;
        Series = series.ToArray();
        for (int i = 0; i < Series.Count; i++)
            if (Series[i] == null) throw new ArgumentException($"series {i} is null", nameof(series));
    }

    public string Title { get; }
    public Axis X { get; }
    public Axis Y { get; }
    public IReadOnlyList<Series> Series { get; }

    /// <summary>Draw the dashed line y = x across the plot (the chance line of a ROC chart).</summary>
    public bool DiagonalReference { get; init; }

    public bool ShowLegend { get; init; } = true;
    public LegendCorner Legend { get; init; } = LegendCorner.Auto;

    /// <summary>The colour series <paramref name="index"/> is drawn in: its own palette index, else its position.</summary>
    public ChartColor ColorOf(int index) => Palette.Color(Series[index].PaletteIndex ?? index);
}
