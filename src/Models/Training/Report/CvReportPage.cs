using System.Globalization;
using GrnGpu.Models.Metrics;
using static GrnGpu.Models.Training.Report.Html;

namespace GrnGpu.Models.Training.Report;

/// <summary>report.html of a merged cross-validation: mean ± sd per method, per-fold rows, pooled curves.</summary>
public static class CvReportPage
{
    public static string Build(CvRecord cv, IReadOnlyDictionary<string, string> charts)
    {
        var body = new System.Text.StringBuilder();
        string S(MetricSummary s) => double.IsNaN(s.Mean) ? "undefined" : $"{F(s.Mean)} ± {F(s.Sd)}";
        var means = cv.Metrics.Mean.Select(kv => new[]
        {
            Td(kv.Key), Td(S(kv.Value["accuracy"])), Td(S(kv.Value["f1"])),
            Td(S(kv.Value["auroc"]), $"data-method=\"{E(kv.Key)}\" data-metric=\"auroc\" data-mean=\"{F(kv.Value["auroc"].Mean)}\""),
            Td(S(kv.Value["aupr"]), $"data-method=\"{E(kv.Key)}\" data-metric=\"aupr\" data-mean=\"{F(kv.Value["aupr"].Mean)}\""),
        });
        body.Append(Section($"Test metrics over {cv.Metrics.Folds.Count} folds: mean ± sd beside the baselines",
            Table(["method", "Acc", "F1", "AUROC", "AUPR"], means) + "<p class=\"note\">Each fold's baselines are scored on that fold's test pairs. AUPR is average precision.</p>\n"));
        body.Append(ReportSections.Comparisons(cv.Comparisons));
        foreach (var fold in cv.Folds.Where(f => cv.Comparisons == null))
            body.Append(ReportSections.Comparisons(fold.Comparisons, $"Paired comparisons, fold {fold.Metrics.Fold} (model minus baseline)"));
        body.Append(ReportSections.Charts("Summary", RunReportPage.Pick(charts, RecordCharts.Summary)));
        body.Append(Section("Per fold", Table(FoldHeaders(cv), cv.Metrics.Folds.Select(FoldRow))));
        body.Append(ReportSections.Charts("ROC and precision-recall (test pairs of every fold, pooled)", RunReportPage.Pick(charts, RecordCharts.Roc, RecordCharts.PrecisionRecall)));
        var sum = cv.Metrics.Folds.Select(f => f.Test.Confusion).Aggregate((a, b) => new ConfusionMatrix(a.TruePositives + b.TruePositives,
            a.FalsePositives + b.FalsePositives, a.TrueNegatives + b.TrueNegatives, a.FalseNegatives + b.FalseNegatives));
        body.Append(ReportSections.Confusion(sum, $"{cv.Metrics.Model}, summed over the folds' test gene pairs, each at its own fold's threshold."));
        if (charts.ContainsKey(RecordCharts.Learning)) body.Append(ReportSections.Charts("Learning curves", RunReportPage.Pick(charts, RecordCharts.Learning)));
        body.Append(ReportSections.TopPredictions(cv.Predictions, showFold: true));
        if (cv.Folds.Count > 0) body.Append(ReportSections.Options(cv.Folds[0].Config, crossValidation: true));
        return Page($"grn report: {cv.Title}", body.ToString());
    }

    private static string[] FoldHeaders(CvRecord cv) =>
        ["fold", "test pairs", "best epoch", "Acc", "F1", "AUROC", "AUPR", "threshold",
            .. cv.Metrics.Folds.SelectMany(f => f.Baselines.Select(b => b.Method)).Distinct().SelectMany(b => new[] { $"{b} AUROC", $"{b} AUPR" })];

    private static IEnumerable<string> FoldRow(RunReport f)
    {
        string fold = f.Fold.ToString(CultureInfo.InvariantCulture);
        string A(string method, string metric) => $"data-fold=\"{fold}\" data-method=\"{E(method)}\" data-metric=\"{metric}\"";
        return new[]
        {
            Td(fold), Td(f.TestPairs.ToString(CultureInfo.InvariantCulture)), Td($"{f.BestEpoch} of {f.EpochsRun}"),
            Td(F(f.Test.Accuracy)), Td(F(f.Test.F1)), Td(F(f.Test.Auroc), A(f.Model, "auroc")), Td(F(f.Test.Aupr), A(f.Model, "aupr")), Td(F(f.Threshold)),
        }.Concat(f.Baselines.SelectMany(b => new[] { Td(F(b.Metrics.Auroc), A(b.Method, "auroc")), Td(F(b.Metrics.Aupr), A(b.Method, "aupr")) }));
    }
}
