using ScottPlot;

namespace GrnGpu.Models.Training.Charts;

/// <summary>What every chart shares: its pixel size and the look of titles, axes and lines.</summary>
public static class ChartLook
{
    public const int Width = 800, Height = 560;
    public const float LineWidth = 2;

    /// <summary>A new chart with its title and axis labels.</summary>
    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 16);
        plot.XLabel(xLabel, size: 14);
        plot.YLabel(yLabel, size: 14);
        return plot;
    }

    /// <summary>A line through the points without markers (curves have up to two points per distinct score).</summary>
    public static void AddLine(Plot plot, string legend, IReadOnlyList<(double X, double Y)> points)
    {
        var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
        line.LegendText = legend;
        line.LineWidth = LineWidth;
        line.MarkerSize = 0;
    }

    /// <summary>Axes fixed to the unit square with a little room, for rates, precision and recall; a tick every 0.1.</summary>
    public static void UnitSquare(Plot plot)
    {
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);
    }
}
