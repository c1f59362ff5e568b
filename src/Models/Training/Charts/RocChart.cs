using System.Globalization;
using GrnGpu.Models.Metrics;
using ScottPlot;

namespace GrnGpu.Models.Training.Charts;

/// <summary>ROC curves, one per method on the same pairs, each named with its AUROC, over the chance diagonal.</summary>
public static class RocChart
{
    public static Plot Build(string title, IEnumerable<ScoredSeries> series)
    {
        var plot = ChartLook.New(title, "False positive rate", "True positive rate");
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.Color = Colors.Gray;
        chance.LegendText = "chance (AUROC 0.500)";
        foreach (var s in series.Where(s => s.HasBothClasses))
            ChartLook.AddLine(plot, string.Create(CultureInfo.InvariantCulture, $"{s.Name} (AUROC {RankingMetrics.Auroc(s.Labels, s.Scores):F3})"),
                Curves.Roc(s.Labels, s.Scores));
        ChartLook.UnitSquare(plot);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
