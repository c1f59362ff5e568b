namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// Where everything of a chart goes at a given size, in pixels (x right, y down): the plot area, the axis scales
/// and the data-to-pixel mapping, the text positions and the legend box. Text is measured with
/// <see cref="BitmapFont"/> at <see cref="TextScale"/> and <see cref="TitleScale"/>, so the raster output fits
/// exactly and the SVG (drawn in a proportional font of about the same size) fits with room to spare.
/// </summary>
public sealed class ChartLayout
{
    public const int TextScale = 2;
    public const int TitleScale = 3;
    public const int TickLength = 5;
    public const int Padding = 16;
    public const int Gap = 6;
    public const int LegendSample = 28;
    public const int LegendPadding = 8;
    public const int MinWidth = 200;
    public const int MinHeight = 150;

    private ChartLayout(LineChart chart, int width, int height)
    {
        Chart = chart;
        Width = width;
        Height = height;
        XScale = AxisScale.Resolve(chart.X, chart.Series.SelectMany(s => s.Points.Select(p => p.X)));
        YScale = AxisScale.Resolve(chart.Y, chart.Series.SelectMany(s => s.Points.Select(p => p.Y)));
        XTickLabels = XScale.Ticks.Select(XScale.Format).ToArray();
        YTickLabels = YScale.Ticks.Select(YScale.Format).ToArray();

        int line = BitmapFont.LineHeight(TextScale);
        int titleBlock = chart.Title.Length == 0 ? 0 : BitmapFont.LineHeight(TitleScale) + 2 * Gap;
        int yLabelBlock = chart.Y.Label.Length == 0 ? 0 : line + 3 * Gap;
        int yTickWidth = YTickLabels.Select(l => BitmapFont.Measure(l, TextScale)).DefaultIfEmpty(0).Max();
        int xLabelBlock = chart.X.Label.Length == 0 ? 0 : line + Gap;
        int lastXTick = XTickLabels.Count == 0 ? 0 : BitmapFont.Measure(XTickLabels[^1], TextScale);

        PlotLeft = Padding + yLabelBlock + yTickWidth + Gap + TickLength;
        PlotTop = Padding + titleBlock;
        PlotRight = width - 1 - Math.Max(Padding, lastXTick / 2 + Gap);
        PlotBottom = height - 1 - (Padding + xLabelBlock + line + Gap + TickLength);
        if (PlotRight - PlotLeft < 40 || PlotBottom - PlotTop < 40)
            throw new ArgumentException($"chart '{chart.Title}': {width} x {height} pixels leaves no room for the plot; draw it larger");

        TitleTop = Padding;
        XLabelTop = height - Padding - line;
        YLabelLeft = Padding + Gap;
        XTickLabelTop = PlotBottom + TickLength + Gap;
        YTickLabelRight = PlotLeft - TickLength - Gap;

        LegendEntries = chart.ShowLegend ? chart.Series.Select(s => s.Name).ToArray() : [];
        if (LegendEntries.Count > 0)
        {
            int nameWidth = LegendEntries.Max(n => BitmapFont.Measure(n, TextScale));
            LegendWidth = Math.Min(PlotRight - PlotLeft - 2 * Gap, 3 * LegendPadding + LegendSample + nameWidth);
            LegendHeight = 2 * LegendPadding + LegendEntries.Count * LegendRowHeight - (LegendRowHeight - line);
            LegendCorner = chart.Legend == LegendCorner.Auto ? LeastCoveredCorner() : chart.Legend;
            (LegendLeft, LegendTop) = LegendBox(LegendCorner);
        }
    }

    private (int Left, int Top) LegendBox(LegendCorner corner)
    {
        bool right = corner is LegendCorner.TopRight or LegendCorner.BottomRight;
        bool top = corner is LegendCorner.TopRight or LegendCorner.TopLeft;
        return (right ? PlotRight - 2 * Gap - LegendWidth : PlotLeft + 2 * Gap,
                top ? PlotTop + 2 * Gap : PlotBottom - 2 * Gap - LegendHeight);
    }

    /// <summary>The corner whose legend box covers the fewest samples (every 4 pixels) along the series.</summary>
    private LegendCorner LeastCoveredCorner()
    {
        LegendCorner[] corners = [LegendCorner.TopRight, LegendCorner.TopLeft, LegendCorner.BottomRight, LegendCorner.BottomLeft];
        var counts = new int[corners.Length];
        var boxes = corners.Select(LegendBox).ToArray();
        void Count(double x, double y)
        {
            for (int c = 0; c < boxes.Length; c++)
                if (x >= boxes[c].Left - Gap && x <= boxes[c].Left + LegendWidth + Gap && y >= boxes[c].Top - Gap && y <= boxes[c].Top + LegendHeight + Gap)
                    counts[c]++;
        }
        for (int index = 0; index < Chart.Series.Count; index++)
        {
            var p = PixelPoints(index);
            if (p.Length == 1) Count(p[0].X, p[0].Y);
            for (int i = 1; i < p.Length; i++)
            {
                double length = Math.Sqrt((p[i].X - p[i - 1].X) * (p[i].X - p[i - 1].X) + (p[i].Y - p[i - 1].Y) * (p[i].Y - p[i - 1].Y));
                int steps = Math.Max(1, (int)Math.Min(10_000, Math.Ceiling(length / 4)));
                for (int k = i == 1 ? 0 : 1; k <= steps; k++)
                    Count(p[i - 1].X + (p[i].X - p[i - 1].X) * k / steps, p[i - 1].Y + (p[i].Y - p[i - 1].Y) * k / steps);
            }
        }
        int best = 0;
        for (int c = 1; c < counts.Length; c++)
            if (counts[c] < counts[best]) best = c;
        return corners[best];
    }

    /// <summary>Lays <paramref name="chart"/> out on a <paramref name="width"/> x <paramref name="height"/> pixel page.</summary>
    public static ChartLayout For(LineChart chart, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (width < MinWidth || height < MinHeight || width > 8192 || height > 8192)
            throw new ArgumentOutOfRangeException(nameof(width), $"chart size {width} x {height}: expected {MinWidth} x {MinHeight} to 8192 x 8192 pixels");
        return new ChartLayout(chart, width, height);
    }

    public LineChart Chart { get; }
    public int Width { get; }
    public int Height { get; }
    public AxisScale XScale { get; }
    public AxisScale YScale { get; }
    public IReadOnlyList<string> XTickLabels { get; }
    public IReadOnlyList<string> YTickLabels { get; }

    /// <summary>The plot frame's pixel columns and rows (inclusive); data fill it from centre to centre.</summary>
    public int PlotLeft { get; }
    public int PlotTop { get; }
    public int PlotRight { get; }
    public int PlotBottom { get; }

    /// <summary>
    /// How far past the frame series may draw, so a line or dot lying on the edge of the range shows whole
    /// (the frame is drawn over it).
    /// </summary>
    public const int DataBleed = 4;

    public int TitleTop { get; }
    public int XLabelTop { get; }
    public int YLabelLeft { get; }
    public int XTickLabelTop { get; }
    public int YTickLabelRight { get; }

    public static int LegendRowHeight => BitmapFont.LineHeight(TextScale) + Gap;
    public IReadOnlyList<string> LegendEntries { get; }
    public int LegendLeft { get; }
    public int LegendTop { get; }

    /// <summary>Where the legend went (<see cref="LegendCorner.Auto"/> resolved).</summary>
    public LegendCorner LegendCorner { get; }
    public int LegendWidth { get; }
    public int LegendHeight { get; }

    /// <summary>Top of legend row <paramref name="i"/>'s text.</summary>
    public int LegendRowTop(int i) => LegendTop + LegendPadding + i * LegendRowHeight;

    /// <summary>Pixel x (continuous) of data value <paramref name="x"/>: the axis minimum at the centre of the frame's left column.</summary>
    public double MapX(double x) => PlotLeft + 0.5 + (x - XScale.Min) / (XScale.Max - XScale.Min) * (PlotRight - PlotLeft);

    /// <summary>Pixel y (continuous, downwards) of data value <paramref name="y"/>.</summary>
    public double MapY(double y) => PlotBottom + 0.5 - (y - YScale.Min) / (YScale.Max - YScale.Min) * (PlotBottom - PlotTop);

    /// <summary>
    /// Series <paramref name="index"/> in pixels, thinned: a point closer than <see cref="ThinningPixels"/> to the
    /// last one kept is dropped (the first and last points always stay), so a curve of 100,000 points draws and
    /// writes as the few thousand a plot can show, at most a quarter pixel off.
    /// </summary>
    public (double X, double Y)[] PixelPoints(int index)
    {
        var points = Chart.Series[index].Points;
        var kept = new List<(double X, double Y)>(Math.Min(points.Count, 4096));
        for (int i = 0; i < points.Count; i++)
        {
            var p = (X: MapX(points[i].X), Y: MapY(points[i].Y));
            if (kept.Count > 0 && i < points.Count - 1)
            {
                var last = kept[^1];
                double dx = p.X - last.X, dy = p.Y - last.Y;
                if (dx * dx + dy * dy < ThinningPixels * ThinningPixels) continue;
            }
            kept.Add(p);
        }
        return kept.ToArray();
    }

    public const double ThinningPixels = 0.25;

    /// <summary>The segment of y = x inside the axis ranges, in data units; null when the ranges do not meet it.</summary>
    public ((double X, double Y) From, (double X, double Y) To)? Diagonal()
    {
        double lo = Math.Max(XScale.Min, YScale.Min), hi = Math.Min(XScale.Max, YScale.Max);
        return lo < hi ? ((lo, lo), (hi, hi)) : null;
    }
}
