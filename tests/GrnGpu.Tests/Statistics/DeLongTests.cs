using GrnGpu.Models.Metrics;
using GrnGpu.Models.Statistics;
using Xunit;

namespace GrnGpu.Tests.Statistics;

public class DeLongTests
{
    /// <summary>
    /// Labels (1, 1, 0, 0); A = (0.9, 0.4, 0.5, 0.1), B = (0.8, 0.7, 0.6, 0.9). By hand:
    /// A's placements: positives (1, 0.5), negatives (0.5, 1): AUROC 0.75. B's: positives (0.5, 0.5), negatives (1, 0): 0.5.
    /// Over positives (n - 1 = 1): var A 0.125, var B 0, cov 0. Over negatives: var A 0.125, var B 0.5, cov -0.25.
    /// Var(A - B) = (0.125 + 0 - 0) / 2 + (0.125 + 0.5 + 0.5) / 2 = 0.625; z = 0.25 / sqrt 0.625 = 0.316228;
    /// p = erfc(z / sqrt 2) = 0.751830 (python3 -c "import math; print(math.erfc(0.25/math.sqrt(0.625)/math.sqrt(2)))").
    /// </summary>
    [Fact]
    public void HandComputedSmallCase()
    {
        var d = DeLong.Compare([1, 1, 0, 0], [0.9, 0.4, 0.5, 0.1], [0.8, 0.7, 0.6, 0.9]);
        Assert.Equal(0.75, d.AurocA, 12);
        Assert.Equal(0.5, d.AurocB, 12);
        Assert.Equal(0.625, d.Variance, 12);
        Assert.Equal(0.316227766, d.Z, 8);
        Assert.Equal(0.7518296340, d.P, 6);
    }

    /// <summary>The fast (midrank) form equals DeLong's definition by all positive-negative comparisons, ties included.</summary>
    [Fact]
    public void FastFormEqualsTheDefinition()
    {
        var rng = new Random(3);
        int n = 150;
        var labels = Enumerable.Range(0, n).Select(_ => rng.Next(2)).ToArray();
        // Rounded scores: many ties.
        var a = labels.Select(y => Math.Round(y + rng.NextDouble() * 2, 1)).ToArray();
        var b = labels.Select(y => Math.Round(0.3 * y + rng.NextDouble(), 1)).ToArray();
        var fast = DeLong.Compare(labels, a, b);
        var (aucA, aucB, variance) = Naive(labels, a, b);
        Assert.Equal(aucA, fast.AurocA, 12);
        Assert.Equal(aucB, fast.AurocB, 12);
        Assert.Equal(RankingMetrics.Auroc(labels, a), fast.AurocA, 12);
        Assert.Equal(variance, fast.Variance, 12);
    }

    [Fact]
    public void IdenticalScorersHavePOneAndAStrongDifferenceASmallP()
    {
        var rng = new Random(5);
        var labels = Enumerable.Range(0, 400).Select(i => i % 2).ToArray();
        var good = labels.Select(y => y * 2 + rng.NextDouble()).ToArray();   // separates the classes
        var noise = labels.Select(_ => rng.NextDouble()).ToArray();
        Assert.Equal(1.0, DeLong.Compare(labels, good, good).P);
        var d = DeLong.Compare(labels, good, noise);
        Assert.True(d.P < 1e-10, $"p = {d.P}");
        Assert.True(d.Difference > 0.4);
        // Swapping the scorers flips the sign, not the p.
        var swapped = DeLong.Compare(labels, noise, good);
        Assert.Equal(-d.Difference, swapped.Difference, 12);
        Assert.Equal(d.P, swapped.P, 12);
    }

    [Fact]
    public void NormalTailsAreRight()
    {
        // Known values: P(|Z| >= 1.959964) = 0.05, P(|Z| >= 2.575829) = 0.01, P(|Z| >= 0) = 1.
        Assert.Equal(0.05, NormalDistribution.TwoSidedP(1.959964), 6);
        Assert.Equal(0.01, NormalDistribution.TwoSidedP(-2.575829), 6);
        Assert.Equal(1.0, NormalDistribution.TwoSidedP(0), 6);
    }

    /// <summary>DeLong's covariance written out: psi over every positive-negative pair.</summary>
    private static (double, double, double) Naive(int[] labels, double[] a, double[] b)
    {
        var pos = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 1).ToArray();
        var neg = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 0).ToArray();
        static double Psi(double x, double y) => x > y ? 1 : x == y ? 0.5 : 0;
        double[] V10(double[] s) => pos.Select(i => neg.Average(j => Psi(s[i], s[j]))).ToArray();
        double[] V01(double[] s) => neg.Select(j => pos.Average(i => Psi(s[i], s[j]))).ToArray();
        static double Cov(double[] x, double[] y) => x.Zip(y).Sum(p => (p.First - x.Average()) * (p.Second - y.Average())) / (x.Length - 1);
        var (a10, b10, a01, b01) = (V10(a), V10(b), V01(a), V01(b));
        double variance = (Cov(a10, a10) + Cov(b10, b10) - 2 * Cov(a10, b10)) / pos.Length + (Cov(a01, a01) + Cov(b01, b01) - 2 * Cov(a01, b01)) / neg.Length;
        return (a10.Average(), b10.Average(), variance);
    }
}
