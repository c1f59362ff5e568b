using System.Globalization;

namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// The charts a training run writes: ROC and precision-recall curves (one series per model, fold or split,
/// its AUROC or AUPR in the legend) and learning curves over epochs.
/// </summary>
public static class TrainingCharts
{
    /// <summary>ROC curves with the chance diagonal; legend entries read "name (AUROC 0.912)".</summary>
    public static LineChart Roc(IReadOnlyList<(string Name, int[] Labels, double[] Scores)> runs, string title = "ROC curve")
    {
        var series = SeriesOf(runs, Curves.Roc, "AUROC", (l, s) => RankingMetrics.Auroc(l, s));
        return new LineChart(title, Axis.Unit("False positive rate"), Axis.Unit("True positive rate"), series)
        {
            DiagonalReference = true,
            Legend = LegendCorner.BottomRight,
        };
    }

    /// <summary>Step-wise precision-recall curves; legend entries read "name (AUPR 0.874)" (AUPR as average precision).</summary>
    public static LineChart PrecisionRecall(IReadOnlyList<(string Name, int[] Labels, double[] Scores)> runs, string title = "Precision-recall curve")
    {
        var series = SeriesOf(runs, Curves.PrecisionRecall, "AUPR", (l, s) => RankingMetrics.AveragePrecision(l, s));
        return new LineChart(title, Axis.Unit("Recall"), Axis.Unit("Precision"), series);
    }

    /// <summary>One series per run: its curve, named "name (METRIC 0.912)".</summary>
    private static Series[] SeriesOf(IReadOnlyList<(string Name, int[] Labels, double[] Scores)> runs,
        Func<int[], double[], string?, (double X, double Y)[]> curve, string metric, Func<int[], double[], double> value)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs.Select(run =>
        {
            var points = curve(run.Labels, run.Scores, run.Name);   // first: its errors name the run (a NaN score, say)
            return new Series(Invariant($"{run.Name} ({metric} {value(run.Labels, run.Scores):F3})"), points);
        }).ToArray();
    }

    /// <summary>
    /// Learning curves: one series per named metric (train loss, validation loss, validation AUROC, ...), each
    /// holding one value per entry of <paramref name="epochs"/>. A NaN or infinite value is rejected with the
    /// series and epoch named (a diverged run is a fault to report, not a gap to draw).
    /// </summary>
    public static LineChart LearningCurves(IReadOnlyList<int> epochs, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series,
        string title = "Learning curves", string yLabel = "Value")
    {
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentNullException.ThrowIfNull(series);
        var lines = series.Select(s =>
        {
            ArgumentNullException.ThrowIfNull(s.Values);
            if (s.Values.Count != epochs.Count)
                throw new ArgumentException($"series '{s.Name}': {s.Values.Count} values for {epochs.Count} epochs", nameof(series));
            for (int i = 0; i < s.Values.Count; i++)
                if (!double.IsFinite(s.Values[i]))
                    throw new ArgumentException($"series '{s.Name}': the value at epoch {epochs[i]} is {s.Values[i]}; expected a finite number", nameof(series));
            return new Series(s.Name, epochs.Select((e, i) => ((double)e, s.Values[i])));
        }).ToArray();
        return new LineChart(title, new Axis("Epoch", integerTicks: true), new Axis(yLabel), lines);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
