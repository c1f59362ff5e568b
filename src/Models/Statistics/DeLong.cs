using GrnGpu.Models.Metrics;

namespace GrnGpu.Models.Statistics;

/// <summary>DeLong's test of two AUROCs measured on the same pairs: the difference, its variance, z and the two-sided p.</summary>
public sealed record DeLongResult(double AurocA, double AurocB, double Difference, double Variance, double Z, double P);

/// <summary>
/// DeLong, DeLong and Clarke-Pearson (1988), "Comparing the areas under two or more correlated ROC curves", in the
/// O(n log n) form of Sun and Xu (2014): each positive's and each negative's placement values come from midranks, and
/// the covariance of the two AUROCs is the placement values' sample covariance (n - 1) over the positives divided by
/// their count plus the same over the negatives.
/// </summary>
public static class DeLong
{
    /// <summary>Compares scorer A with scorer B on the same labels; NaN everywhere when a class is absent.</summary>
    public static DeLongResult Compare(ReadOnlySpan<int> labels, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (labels.Length != a.Length || labels.Length != b.Length) throw new ArgumentException("labels and scores differ in length");
        var (auA, posA, negA) = Placements(labels, a);
        var (auB, posB, negB) = Placements(labels, b);
        int m = posA.Length, n = negA.Length;
        if (m < 2 || n < 2) return new DeLongResult(auA, auB, auA - auB, double.NaN, double.NaN, double.NaN);
        // Var(A - B) = Var A + Var B - 2 Cov(A, B), each term = S10 / m + S01 / n.
        double variance = (Covariance(posA, posA) + Covariance(posB, posB) - 2 * Covariance(posA, posB)) / m
                          + (Covariance(negA, negA) + Covariance(negB, negB) - 2 * Covariance(negA, negB)) / n;
        double diff = auA - auB;
        double z, p;
        if (variance <= 1e-300)
            (z, p) = diff == 0 ? (0.0, 1.0) : (double.PositiveInfinity * Math.Sign(diff), 0.0);   // identical rankings: no spread
        else
        {
            z = diff / Math.Sqrt(variance);
            p = NormalDistribution.TwoSidedP(z);
        }
        return new DeLongResult(auA, auB, diff, variance, z, p);
    }

    /// <summary>The variance of one AUROC by DeLong's method (the same placement values, one scorer).</summary>
    public static double Variance(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        var (_, pos, neg) = Placements(labels, scores);
        if (pos.Length < 2 || neg.Length < 2) return double.NaN;
        return Covariance(pos, pos) / pos.Length + Covariance(neg, neg) / neg.Length;
    }

    /// <summary>
    /// AUROC and the placement values: V10 of positive i = the fraction of negatives it outscores (ties half), V01 of
    /// negative j = the fraction of positives that outscore it (ties half). The AUROC is the mean of either.
    /// </summary>
    public static (double Auroc, double[] Positives, double[] Negatives) Placements(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        var posScores = new List<double>();
        var negScores = new List<double>();
        for (int i = 0; i < labels.Length; i++) (labels[i] == 1 ? posScores : negScores).Add(scores[i]);
        int m = posScores.Count, n = negScores.Count;
        if (m == 0 || n == 0) return (double.NaN, [], []);
        var all = RankingMetrics.AverageRanks(scores);
        var withinPos = RankingMetrics.AverageRanks(posScores.ToArray());
        var withinNeg = RankingMetrics.AverageRanks(negScores.ToArray());
        var v10 = new double[m];
        var v01 = new double[n];
        int p = 0, q = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            // A positive's rank among all minus its rank among positives = the negatives below it (ties half).
            if (labels[i] == 1) { v10[p] = (all[i] - withinPos[p]) / n; p++; }
            else { v01[q] = 1 - (all[i] - withinNeg[q]) / m; q++; }
        }
        return (v10.Average(), v10, v01);
    }

    private static double Covariance(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), s = 0;
        for (int i = 0; i < x.Length; i++) s += (x[i] - mx) * (y[i] - my);
        return s / (x.Length - 1);
    }
}
