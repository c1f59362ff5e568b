using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GrnGpu.Models.Training;
using GrnGpu.Models.Training.Report;
using Xunit;

namespace GrnGpu.Tests.Report;

/// <summary>report.html of a run and of a cv folder, as `train`, `cv` and `grn report` write it.</summary>
[Collection(ReportRunsCollection.Name)]
public class ReportTests(ReportRuns runs)
{
    private static string F4(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>The text of the table cell carrying these data attributes (the page writes data-method before data-metric).</summary>
    internal static string Cell(string html, string attributes)
    {
        var m = Regex.Match(html, $"<td {Regex.Escape(attributes)}[^>]*>([^<]*)</td>");
        Assert.True(m.Success, $"no cell with {attributes}");
        return m.Groups[1].Value;
    }

    [Fact]
    public void TrainWritesAReportWhoseMetricsAreMetricsJsonsToTheDigitsShown()
    {
        string html = File.ReadAllText(Path.Combine(runs.Run, ReportFiles.ReportFile));
        var metrics = RunReport.Read(Path.Combine(runs.Run, "metrics.json"));
        Assert.Equal(F4(metrics.Test.Auroc), Cell(html, "data-method=\"rna\" data-metric=\"auroc\""));
        Assert.Equal(F4(metrics.Test.Aupr), Cell(html, "data-method=\"rna\" data-metric=\"aupr\""));
        Assert.Equal(["pearson", "spearman"], metrics.Baselines.Select(b => b.Method));
        foreach (var b in metrics.Baselines)
            Assert.Equal(F4(b.Metrics.Auroc), Cell(html, $"data-method=\"{b.Method}\" data-metric=\"auroc\""));
        var c = metrics.Test.Confusion;
        Assert.Equal([c.TruePositives, c.FalseNegatives, c.FalsePositives, c.TrueNegatives],
            new[] { "tp", "fn", "fp", "tn" }.Select(n => int.Parse(Regex.Match(html, $"data-cell=\"{n}\">(\\d+)<").Groups[1].Value, CultureInfo.InvariantCulture)));

        // Self-contained: the charts are inside (the ROC's legend names each baseline), nothing is fetched, no script.
        var charts = Regex.Matches(html, "src=\"data:image/svg\\+xml;base64,([^\"]+)\"").Select(m => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value))).ToList();
        Assert.Equal(3, charts.Count);   // ROC, PR, learning curves
        Assert.Contains($"rna (AUROC {metrics.Test.Auroc:F3})", charts[0]);
        Assert.Contains("pearson (AUROC", charts[0]);
        Assert.Equal(File.ReadAllText(Path.Combine(runs.Run, "roc.svg")), charts[0]);   // the same chart as roc.svg
        Assert.DoesNotMatch("(src|href)=\"(?!data:)", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        // Top edges: every test pair here (fewer than 50), highest score first.
        int testPairs = metrics.TestPairs;
        Assert.Contains($"Top {testPairs} predicted edges (of {testPairs} test pairs)", html);
        var best = File.ReadLines(Path.Combine(runs.Run, "predictions.tsv")).Skip(1).Select(l => l.Split('\t'))
            .OrderByDescending(f => double.Parse(f[3], CultureInfo.InvariantCulture)).First();
        Assert.Matches($"<td>1</td><td>{best[0]}</td><td>{best[1]}</td>", html);
        Assert.Contains("<tr><td>epochs</td><td>2</td></tr>", html);   // the options table
        Assert.Contains("<tr><td>data.model</td><td>rna</td></tr>", html);
    }

    [Fact]
    public void GrnReportRewritesTheSameReportAndTheRunStaysWhole()
    {
        string path = Path.Combine(runs.Run, ReportFiles.ReportFile);
        string before = File.ReadAllText(path);
        var r = CliRunner.Run("report", runs.Run);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(before, File.ReadAllText(path));   // one way to draw it: train's report and grn report's agree
        var verify = CliRunner.Run("verify", runs.Run);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        Assert.Contains(ReportFiles.ReportFile, File.ReadAllText(Path.Combine(runs.Run, "manifest.json")));
    }

    [Fact]
    public void ComparisonsInMetricsJsonAreShownWithTheirIntervals()
    {
        var comparisons = JsonNode.Parse("""
            {"pearson": {"auroc_diff": -0.0123, "auroc_ci": [-0.05, 0.03], "auroc_p": 0.00002, "aupr_diff": 0.25, "aupr_ci": [0.1, 0.4]}}
            """)!.AsObject();
        var run = RunRecord.Read(runs.Run) with { Comparisons = comparisons };
        string html = RunReportPage.Build(run, new Dictionary<string, string>());
        Assert.Equal("-0.0123", Cell(html, "data-baseline=\"pearson\" data-field=\"auroc_diff\""));
        Assert.Equal("[-0.0500, 0.0300]", Cell(html, "data-baseline=\"pearson\" data-field=\"auroc_ci\""));
        Assert.Equal("2.0E-5", Cell(html, "data-baseline=\"pearson\" data-field=\"auroc_p\""));
        Assert.Equal("[0.1000, 0.4000]", Cell(html, "data-baseline=\"pearson\" data-field=\"aupr_ci\""));
        // A run's own metrics.json carries its comparisons (the statistics' "comparisons"): the page shows them; a record
        // without any shows no such section.
        Assert.Contains("Paired comparisons", RunReportPage.Build(RunRecord.Read(runs.Run), new Dictionary<string, string>()));
        Assert.DoesNotContain("Paired comparisons", RunReportPage.Build(RunRecord.Read(runs.Run) with { Comparisons = null }, new Dictionary<string, string>()));
    }

    [Fact]
    public void CvReportShowsTheMeansAndOneRowPerFold()
    {
        string html = File.ReadAllText(Path.Combine(runs.Cv, ReportFiles.ReportFile));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs.Cv, "metrics.json")));
        var mean = metrics.RootElement.GetProperty("mean");
        foreach (var method in new[] { "rna", "pearson", "spearman" })
        {
            var auroc = mean.GetProperty(method).GetProperty("auroc");
            Assert.Equal($"{F4(auroc.GetProperty("mean").GetDouble())} ± {F4(auroc.GetProperty("sd").GetDouble())}",
                Cell(html, $"data-method=\"{method}\" data-metric=\"auroc\" data-mean"));
        }
        foreach (var fold in metrics.RootElement.GetProperty("folds").EnumerateArray())
        {
            int i = fold.GetProperty("fold").GetInt32();
            Assert.Equal(F4(fold.GetProperty("test").GetProperty("auroc").GetDouble()), Cell(html, $"data-fold=\"{i}\" data-method=\"rna\" data-metric=\"auroc\""));
        }
        Assert.Equal(2, metrics.RootElement.GetProperty("folds").GetArrayLength());
        Assert.Equal(4, Regex.Matches(html, "src=\"data:image/svg\\+xml;base64,").Count);   // summary, ROC, PR, learning
        foreach (var file in new[] { "summary.svg", "summary.png", "roc.png", "pr.svg" }) Assert.True(File.Exists(Path.Combine(runs.Cv, file)), file);
        var verify = CliRunner.Run("verify", runs.Cv);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        var again = CliRunner.Run("report", runs.Cv);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(html, File.ReadAllText(Path.Combine(runs.Cv, ReportFiles.ReportFile)));
    }

    [Fact]
    public void AFolderWithoutARunIsOneLineAndNoReport()
    {
        string empty = runs.Scratch("empty");
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "mine");
        var r = CliRunner.Run("report", empty);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"grn: error: {empty}: holds no training run (no config.json) and no cross-validation (no fold-i/ runs); give a folder written by grn train or grn cv",
            r.Stderr.Trim());
        Assert.False(File.Exists(Path.Combine(empty, ReportFiles.ReportFile)));
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(empty).Select(Path.GetFileName));

        var missing = CliRunner.Run("report", Path.Combine(empty, "nope"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope: folder not found", missing.Stderr);
        Assert.Single(missing.Stderr.Trim().Split('\n'));
    }
}
