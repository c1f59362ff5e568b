using GrnGpu.Models.Metrics;
using GrnGpu.Models.Statistics;
using Xunit;

namespace GrnGpu.Tests.Statistics;

public class BootstrapTests
{
    private static (int[] Labels, double[] Good, double[] Weak) Sample(int n, int seed)
    {
        var rng = new Random(seed);
        var labels = Enumerable.Range(0, n).Select(_ => rng.Next(2)).ToArray();
        var good = labels.Select(y => Math.Round(1.5 * y + Gaussian(rng), 2)).ToArray();
        var weak = labels.Select((y, i) => Math.Round(0.5 * y + 0.5 * good[i] + Gaussian(rng), 2)).ToArray();
        return (labels, good, weak);
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void UnitWeightsGiveTheOrdinaryMetrics()
    {
        var (labels, good, _) = Sample(300, 1);
        var ranking = new WeightedRanking(labels, good);
        var ones = Enumerable.Repeat(1, labels.Length).ToArray();
        Assert.Equal(RankingMetrics.Auroc(labels, good), ranking.Auroc(ones), 12);
        Assert.Equal(RankingMetrics.AveragePrecision(labels, good), ranking.AveragePrecision(ones), 12);
        // A weight of 2 is the pair listed twice.
        var twice = ones.Select((w, i) => i % 3 == 0 ? 2 : w).ToArray();
        var repeated = Enumerable.Range(0, labels.Length).SelectMany(i => Enumerable.Repeat(i, twice[i])).ToArray();
        Assert.Equal(RankingMetrics.Auroc(repeated.Select(i => labels[i]).ToArray(), repeated.Select(i => good[i]).ToArray()), ranking.Auroc(twice), 12);
        Assert.Equal(RankingMetrics.AveragePrecision(repeated.Select(i => labels[i]).ToArray(), repeated.Select(i => good[i]).ToArray()),
            ranking.AveragePrecision(twice), 12);
    }

    [Fact]
    public void PercentilesInterpolateAsNumpy()
    {
        // numpy.percentile([1, 2, 3, 4, 5], [2.5, 97.5]) = [1.1, 4.9].
        Assert.Equal([1.1, 4.9], PairedBootstrap.Interval([5, 3, 1, 4, 2]).Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void IdenticalScorersDifferByExactlyZero()
    {
        var (labels, good, _) = Sample(200, 2);
        var c = PairedComparison.Of(labels, good, good);
        Assert.Equal(0, c.AurocDiff);
        Assert.Equal([0.0, 0.0], c.AurocCi);
        Assert.Equal([0.0, 0.0], c.AuprCi);
        Assert.Equal(1.0, c.AurocP);
        Assert.Equal(PairedBootstrap.DefaultResamples, c.Resamples);
    }

    /// <summary>The bootstrap's spread of the AUROC difference agrees with DeLong's standard error (both estimate the same thing).</summary>
    [Fact]
    public void BootstrapSpreadMatchesDeLong()
    {
        var (labels, good, weak) = Sample(1000, 3);
        var groups = PairedBootstrap.Groups(labels, null);
        var (diffs, _) = PairedBootstrap.Run(labels, good, weak, groups);
        double mean = diffs.Average();
        double sd = Math.Sqrt(diffs.Sum(d => (d - mean) * (d - mean)) / (diffs.Length - 1));
        double se = Math.Sqrt(DeLong.Compare(labels, good, weak).Variance);
        Assert.InRange(sd / se, 0.9, 1.1);
        var c = PairedComparison.Of(labels, good, weak);
        Assert.Equal(RankingMetrics.Auroc(labels, good) - RankingMetrics.Auroc(labels, weak), c.AurocDiff, 12);
        Assert.Equal(RankingMetrics.AveragePrecision(labels, good) - RankingMetrics.AveragePrecision(labels, weak), c.AuprDiff, 12);
        Assert.True(c.AurocCi[0] < c.AurocDiff && c.AurocDiff < c.AurocCi[1]);
        Assert.True(c.AurocCi[0] > 0, "the stronger scorer's interval should exclude 0 at n = 1000");
    }

    [Fact]
    public void SeededAndReproducible()
    {
        var (labels, good, weak) = Sample(300, 4);
        var a = PairedComparison.Of(labels, good, weak, seed: 11);
        var b = PairedComparison.Of(labels, good, weak, seed: 11);
        var c = PairedComparison.Of(labels, good, weak, seed: 12);
        Assert.Equal(a.AurocCi, b.AurocCi);
        Assert.Equal(a.AuprCi, b.AuprCi);
        Assert.NotEqual(a.AurocCi, c.AurocCi);
    }

    /// <summary>Over folds the difference is the mean of the folds'; a one-class fold is left out, with nothing NaN in the rest.</summary>
    [Fact]
    public void FoldsAreComparedApartAndAOneClassFoldIsLeftOut()
    {
        var (l0, g0, w0) = Sample(200, 5);
        var (l1, g1, w1) = Sample(200, 6);
        int[] labels = [.. l0, .. l1, 1, 1, 1];
        double[] good = [.. g0, .. g1, 0.1, 0.2, 0.3];
        double[] weak = [.. w0, .. w1, 0.3, 0.2, 0.1];
        int[] folds = [.. Enumerable.Repeat(0, 200), .. Enumerable.Repeat(1, 200), 2, 2, 2];
        var c = PairedComparison.Of(labels, good, weak, folds);
        double expected = (RankingMetrics.Auroc(l0, g0) - RankingMetrics.Auroc(l0, w0) + RankingMetrics.Auroc(l1, g1) - RankingMetrics.Auroc(l1, w1)) / 2;
        Assert.Equal(expected, c.AurocDiff, 12);
        Assert.Equal(2, c.Folds);
        Assert.Equal(400, c.Pairs);
        Assert.False(double.IsNaN(c.AurocP) || double.IsNaN(c.AurocCi[0]) || double.IsNaN(c.AuprCi[1]));
        var none = PairedComparison.Of([1, 1, 1], [0.1, 0.2, 0.3], [0.3, 0.2, 0.1]);
        Assert.True(double.IsNaN(none.AurocDiff) && double.IsNaN(none.AurocP));
    }
}
