using System.Diagnostics;
using System.Text.Json;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Statistics;
using Xunit;

namespace GrnGpu.Tests.Statistics;

/// <summary>
/// AUROC, average precision and their bootstrap-weighted forms against scikit-learn's roc_auc_score and
/// average_precision_score (with sample_weight: a resample's multiplicities), run live on Debian's python3-sklearn.
/// Skipped where it is absent unless GRN_REQUIRE_SKLEARN=1 (.ci/run installs it and sets the flag).
/// </summary>
public class SklearnReferenceTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void MetricsMatchScikitLearn()
    {
        Requirements.Need(File.Exists(Python) && Run("-c", "import sklearn", "").Code == 0, "GRN_REQUIRE_SKLEARN", $"{Python} with scikit-learn (python3-sklearn) is not installed");
        // A fixed set with ties across the classes, and integer weights such as a bootstrap draws (zeros included).
        var rng = new Random(17);
        var labels = Enumerable.Range(0, 240).Select(_ => rng.Next(2)).ToArray();
        var scores = labels.Select(y => Math.Round(0.6 * y + rng.NextDouble(), 1)).ToArray();
        var weights = labels.Select(_ => rng.Next(4)).ToArray();
        string script = Path.Combine(Requirements.RepoRoot(), "tests", "GrnGpu.Tests", "Statistics", "sklearn_metrics.py");
        var (code, output) = Run(script, null, JsonSerializer.Serialize(new { labels, scores, weights }));
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(output);
        double Get(string name) => json.RootElement.GetProperty(name).GetDouble();

        Assert.Equal(Get("auroc"), RankingMetrics.Auroc(labels, scores), 12);
        Assert.Equal(Get("auroc"), DeLong.Compare(labels, scores, scores).AurocA, 12);
        Assert.Equal(Get("aupr"), RankingMetrics.AveragePrecision(labels, scores), 12);
        var ranking = new WeightedRanking(labels, scores);
        Assert.Equal(Get("auroc_weighted"), ranking.Auroc(weights), 12);
        Assert.Equal(Get("aupr_weighted"), ranking.AveragePrecision(weights), 12);
    }

    private static (int Code, string Output) Run(string first, string? second, string stdin)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(first);
        if (second != null) start.ArgumentList.Add(second);
        using var process = Process.Start(start)!;
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + stderr.Result);
    }
}
