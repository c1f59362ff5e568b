using GrnGpu.Models.Training.Charts;
using ScottPlot;

namespace GrnGpu.Models.Training.Report;

/// <summary>
/// The charts of a run or a cross-validation, each with the file name it is written under (NAME.svg, NAME.png):
/// the same plots go into those files and, inline, into report.html.
/// </summary>
public static class RecordCharts
{
    public const string Roc = "roc", PrecisionRecall = "pr", Learning = "learning", Summary = "summary";

    public static IReadOnlyList<(string Name, Plot Plot)> Of(RunRecord run)
    {
        var series = run.TestSeries();
        var charts = new List<(string, Plot)>
        {
            (Roc, RocChart.Build($"ROC: {run.Title}", series)),
            (PrecisionRecall, PrecisionRecallChart.Build($"Precision-recall: {run.Title}", series)),
        };
        if (run.History.Count > 0)
            charts.Add((Learning, LearningChart.Build($"Learning curves: {run.Title}",
            [
                new("train loss", run.History.Select(h => (h.Epoch, h.Loss)).ToList()),
                new("val loss", run.History.Select(h => (h.Epoch, h.ValLoss)).ToList()),
                new("val accuracy", run.History.Select(h => (h.Epoch, h.ValAccuracy)).ToList()),
                new("val AUROC", run.History.Select(h => (h.Epoch, h.ValAuroc)).ToList()),
            ], testedEpoch: run.Metrics.BestEpoch)));
        return charts;
    }

    public static IReadOnlyList<(string Name, Plot Plot)> Of(CvRecord cv)
    {
        var series = cv.TestSeries();
        var charts = new List<(string, Plot)>
        {
            (Summary, CvSummaryChart.Build($"Cross-validation: {cv.Title}",
                cv.Metrics.Mean.Select(m => (m.Key, m.Value["auroc"], m.Value["aupr"])).ToList())),
            (Roc, RocChart.Build($"ROC, test pairs of every fold: {cv.Title}", series)),
            (PrecisionRecall, PrecisionRecallChart.Build($"Precision-recall, test pairs of every fold: {cv.Title}", series)),
        };
        if (cv.Folds.Any(f => f.History.Count > 0))
            charts.Add((Learning, LearningChart.Build($"Learning curves: {cv.Title}",
                cv.Folds.SelectMany(f => new LearningSeries[]
                {
                    new($"fold {f.Metrics.Fold} train loss", f.History.Select(h => (h.Epoch, h.Loss)).ToList(), f.Metrics.Fold),
                    new($"fold {f.Metrics.Fold} val AUROC", f.History.Select(h => (h.Epoch, h.ValAuroc)).ToList(), f.Metrics.Fold, Dashed: true),
                }).ToList())));
        return charts;
    }
}
