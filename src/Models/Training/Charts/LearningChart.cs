using ScottPlot;

namespace GrnGpu.Models.Training.Charts;

/// <summary>Learning curves: one line per named quantity (train loss, validation loss, accuracy, AUROC) over epochs.</summary>
public static class LearningChart
{
    public static Plot Build(string title, IReadOnlyList<(string Name, IReadOnlyList<(int Epoch, double Value)> Points)> series)
    {
        var plot = ChartLook.New(title, "Epoch", "Loss / metric");
        foreach (var (name, points) in series)
        {
            // An undefined value (validation AUROC of a one-class validation set) is left out, not drawn as zero.
            var finite = points.Where(p => double.IsFinite(p.Value)).Select(p => ((double)p.Epoch, p.Value)).ToList();
            if (finite.Count == 0) continue;
            ChartLook.AddLine(plot, name, finite);
            if (finite.Count == 1) plot.GetPlottables<ScottPlot.Plottables.Scatter>().Last().MarkerSize = 7;   // a lone epoch is a point
        }
        // Epochs are whole numbers: no tick at 1.5.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
