using System.Text.Json;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Baselines;

public class MetricsTests
{
    [Fact]
    public void AurocCountsCorrectlyOrderedPairs()
    {
        // Positives 0.9, 0.4; negatives 0.8, 0.1: 3 of 4 positive-negative pairs ordered right.
        Assert.Equal(0.75, RankingMetrics.Auroc([1, 0, 1, 0], [0.9, 0.8, 0.4, 0.1]), 12);
        // A tie counts one half: (0.7 beats both) + (0.5 ties 0.5, beats 0.2) = 3.5 / 4.
        Assert.Equal(0.875, RankingMetrics.Auroc([1, 1, 0, 0], [0.7, 0.5, 0.5, 0.2]), 12);
        Assert.Equal(0.5, RankingMetrics.Auroc([1, 0], [0.5, 0.5]), 12);
        Assert.True(double.IsNaN(RankingMetrics.Auroc([1, 1], [0.5, 0.2])));
    }

    [Fact]
    public void AveragePrecisionIsStepwise()
    {
        // Thresholds 0.9: R .5 P 1; 0.8: R .5; 0.4: R 1 P 2/3 -> .5 * 1 + .5 * 2/3.
        Assert.Equal(0.5 + 0.5 * 2 / 3.0, RankingMetrics.AveragePrecision([1, 0, 1, 0], [0.9, 0.8, 0.4, 0.1]), 12);
        // Tied top scores enter together: 0.5: R .5 P 1/2; 0.1: R 1 P 2/3.
        Assert.Equal(0.25 + 0.5 * 2 / 3.0, RankingMetrics.AveragePrecision([1, 0, 1], [0.5, 0.5, 0.1]), 12);
        Assert.True(double.IsNaN(RankingMetrics.AveragePrecision([0, 0], [0.5, 0.2])));
    }

    [Fact]
    public void BinaryMetricsAtAThreshold()
    {
        var m = BinaryMetrics.Compute([1, 1, 0, 0, 1], [0.9, 0.4, 0.6, 0.1, 0.7], threshold: 0.5);
        Assert.Equal(new ConfusionMatrix(TruePositives: 2, FalsePositives: 1, TrueNegatives: 1, FalseNegatives: 1), m.Confusion);
        Assert.Equal(3 / 5.0, m.Accuracy, 12);
        Assert.Equal(2 * 2 / (2 * 2 + 1 + 1.0), m.F1, 12);
        Assert.Equal(0, BinaryMetrics.Compute([1, 0], [0.1, 0.2], 0.5).F1);
    }

    [Fact]
    public void SummaryIsMeanAndSampleSd()
    {
        var s = MetricSummary.Of([0.5, 0.7, 0.9]);
        Assert.Equal(0.7, s.Mean, 12);
        Assert.Equal(0.2, s.Sd, 12);
        Assert.Equal(0, MetricSummary.Of([0.4]).Sd);
    }

    [Fact]
    public void ReportIsWrittenAsJsonAndTsv()
    {
        using var dir = new TempFolder();
        var metrics = BinaryMetrics.Compute([1, 0], [0.9, 0.1], 0.5);
        var report = new MetricsReport("pearson", "seed", [new FoldMetrics(0, 8, 1, 2, metrics)],
            [new Prediction("a", "b", 1, 0.9, 0), new Prediction("c", "d", 0, 0.1, 0)]);
        MetricsReportWriter.Write(report, dir.Path);
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("metrics.json")));
        Assert.Equal(1.0, json.RootElement.GetProperty("mean").GetProperty("accuracy").GetProperty("mean").GetDouble());
        var lines = File.ReadAllLines(dir.File("predictions.tsv"));
        Assert.Equal(["tf\ttarget\tlabel\tscore\tfold", "a\tb\t1\t0.9\t0", "c\td\t0\t0.1\t0"], lines);
    }
}
