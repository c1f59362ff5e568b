using System.Globalization;
using GrnGpu.Models.Metrics;
using ScottPlot;

namespace GrnGpu.Models.Training.Charts;

/// <summary>
/// Step-wise precision-recall curves, one per method on the same pairs, each named with its AUPR (average precision,
/// the area under these very steps); the fraction of positives is what a random ranking reaches.
/// </summary>
public static class PrecisionRecallChart
{
    public static Plot Build(string title, IEnumerable<ScoredSeries> series)
    {
        var list = series.Where(s => s.HasBothClasses).ToList();
        var plot = ChartLook.New(title, "Recall", "Precision");
        if (list.Count > 0)
        {
            double prevalence = list[0].Labels.Average();
            var chance = plot.Add.HorizontalLine(prevalence);
            chance.LinePattern = LinePattern.Dashed;
            chance.Color = Colors.Gray;
            chance.LegendText = string.Create(CultureInfo.InvariantCulture, $"chance (positives {prevalence:F3})");
        }
        foreach (var s in list)
            ChartLook.AddLine(plot, string.Create(CultureInfo.InvariantCulture, $"{s.Name} (AUPR {RankingMetrics.AveragePrecision(s.Labels, s.Scores):F3})"),
                Curves.PrecisionRecall(s.Labels, s.Scores));
        ChartLook.UnitSquare(plot);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }
}
