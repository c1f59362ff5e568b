using GrnGpu.Models.Metrics;

namespace GrnGpu.Models.Baselines;

/// <summary>
/// Absolute correlation scores of a TF and a target profile. A constant vector has no defined correlation;
/// we define it as 0 (no evidence of co-expression), so such pairs rank lowest.
/// </summary>
public static class CorrelationScores
{
    /// <summary>|Pearson r|, two-pass (means first) for accuracy.</summary>
    public static double AbsPearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("vectors differ in length");
        int n = x.Length;
        if (n == 0) return 0;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return 0;
        return Math.Min(1, Math.Abs(sxy / Math.Sqrt(sxx * syy)));
    }

    /// <summary>|Spearman rho| = |Pearson r| of the average ranks (ties share their mean rank).</summary>
    public static double AbsSpearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y) =>
        AbsPearson(RankingMetrics.AverageRanks(x), RankingMetrics.AverageRanks(y));
}
