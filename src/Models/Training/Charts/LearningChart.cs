using ScottPlot;

namespace GrnGpu.Models.Training.Charts;

/// <summary>One line of a learning chart; lines of one <see cref="Group"/> (a fold) share a colour, a dashed one tells them apart.</summary>
public sealed record LearningSeries(string Name, IReadOnlyList<(int Epoch, double Value)> Points, int? Group = null, bool Dashed = false);

/// <summary>Learning curves: one line per named quantity (train loss, validation loss, accuracy, AUROC) over epochs.</summary>
public static class LearningChart
{
    /// <summary>
    /// The chart; <paramref name="testedEpoch"/> (a single run's best epoch, whose weights the test fold scored) is marked
    /// by a vertical line so that a reader sees which point of the curves the reported metrics come from.
    /// </summary>
    public static Plot Build(string title, IReadOnlyList<LearningSeries> series, int? testedEpoch = null)
    {
        var plot = ChartLook.New(title, "Epoch", "Loss / metric");
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (name, points, group, dashed) in series)
        {
            // An undefined value (validation AUROC of a one-class validation set) is left out, not drawn as zero.
            var finite = points.Where(p => double.IsFinite(p.Value)).Select(p => ((double)p.Epoch, p.Value)).ToList();
            if (finite.Count == 0) continue;
            ChartLook.AddLine(plot, name, finite);
            var line = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Last();
            if (finite.Count == 1) line.MarkerSize = 7;   // a lone epoch is a point
            if (group is int g) line.Color = palette.GetColor(g);
            if (dashed) line.LinePattern = LinePattern.Dashed;
        }
        if (testedEpoch is int best && best >= 1)
        {
            var marker = plot.Add.VerticalLine(best, width: 1, pattern: LinePattern.Dotted);
            marker.Color = Colors.Black;
            marker.LegendText = $"epoch {best}: tested";
        }
        // Epochs are whole numbers: no tick at 1.5.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
