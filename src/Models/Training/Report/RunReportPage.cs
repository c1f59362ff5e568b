using static GrnGpu.Models.Training.Report.Html;

namespace GrnGpu.Models.Training.Report;

/// <summary>report.html of one training run.</summary>
public static class RunReportPage
{
    /// <param name="charts">SVG of each chart by name (<see cref="RecordCharts"/>), the same as the run's NAME.svg.</param>
    public static string Build(RunRecord run, IReadOnlyDictionary<string, string> charts)
    {
        var m = run.Metrics;
        var body = new System.Text.StringBuilder();
        body.Append($"<p class=\"note\">{E($"{m.TestPairs} test, {m.ValidationPairs} validation and {m.TrainPairs} training gene pairs; " +
                                                        $"best epoch {m.BestEpoch} of {m.EpochsRun} by {m.Monitor}; threshold {F(m.Threshold)} ({m.ThresholdRule}); " +
                                                        $"{m.Seconds:F0} s on {m.Device}.")}</p>\n");
        var rows = new List<string[]> { ReportSections.MetricRow(m.Model + (m.TestImagePairs != null ? " (gene pairs)" : ""), m.Test) };
        if (m.TestImagePairs is { } images) rows.Add(ReportSections.MetricRow(m.Model + " (image pairs)", images));
        rows.AddRange(m.Baselines.Select(b => ReportSections.MetricRow(b.Method, b.Metrics)));
        body.Append(Section("Test metrics beside the baselines (same test pairs)", Table(ReportSections.MetricHeaders, rows) +
            $"<p class=\"note\">Validation at the best epoch: AUROC {F(m.Validation.Auroc)}, AUPR {F(m.Validation.Aupr)}, " +
            $"accuracy {F(m.Validation.Accuracy)}. AUPR is average precision.</p>\n"));
        body.Append(ReportSections.Comparisons(run.Comparisons));
        body.Append(ReportSections.Charts("ROC and precision-recall (test gene pairs)", Pick(charts, RecordCharts.Roc, RecordCharts.PrecisionRecall)));
        body.Append(ReportSections.Confusion(m.Test.Confusion, $"{m.Model}, test gene pairs, at threshold {F(m.Threshold)}."));
        if (charts.ContainsKey(RecordCharts.Learning)) body.Append(ReportSections.Charts("Learning curves", Pick(charts, RecordCharts.Learning)));
        body.Append(ReportSections.TopPredictions(run.Predictions, showFold: false));
        body.Append(ReportSections.Options(run.Config, crossValidation: false));
        return Page($"grn report: {run.Title}", body.ToString());
    }

    internal static IEnumerable<(string, string)> Pick(IReadOnlyDictionary<string, string> charts, params string[] names) =>
        names.Where(charts.ContainsKey).Select(n => (n, charts[n]));
}
