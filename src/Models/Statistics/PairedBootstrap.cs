namespace GrnGpu.Models.Statistics;

/// <summary>
/// The paired bootstrap over gene pairs: each resample draws as many pairs as there are, with replacement (within
/// each fold when folds are given), and both scorers are measured on the same draw, so the spread of the difference
/// includes what the two scorers share. Seeded: the same inputs give the same interval on every machine (System.Random
/// with a seed is a fixed algorithm). A resample that draws one class only has no AUROC and is drawn again.
/// </summary>
public static class PairedBootstrap
{
    public const int DefaultResamples = 2000;
    public const int DefaultSeed = 20_000;

    /// <summary>The differences (A - B; a mean over folds when there are several) of every resample.</summary>
    public static (double[] AurocDiffs, double[] AuprDiffs) Run(IReadOnlyList<int> labels, IReadOnlyList<double> a, IReadOnlyList<double> b,
        IReadOnlyList<int[]> groups, int resamples = DefaultResamples, int seed = DefaultSeed)
    {
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples));
        var rng = new Random(seed);
        var ranked = groups.Select(g =>
        {
            var y = g.Select(i => labels[i]).ToArray();
            return (A: new WeightedRanking(y, g.Select(i => a[i]).ToArray()), B: new WeightedRanking(y, g.Select(i => b[i]).ToArray()),
                Labels: y, Weights: new int[g.Length]);
        }).ToArray();
        var aurocDiffs = new double[resamples];
        var auprDiffs = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            double auroc = 0, aupr = 0;
            foreach (var g in ranked)
            {
                // Redraw until both classes are in the resample (a fold of two or more of each makes this rare).
                for (int attempt = 0; ; attempt++)
                {
                    Array.Clear(g.Weights);
                    for (int k = 0; k < g.Weights.Length; k++) g.Weights[rng.Next(g.Weights.Length)]++;
                    if (BothClasses(g.Labels, g.Weights)) break;
                    if (attempt > 1000) throw new InvalidOperationException("bootstrap resamples keep drawing one class");
                }
                auroc += g.A.Auroc(g.Weights) - g.B.Auroc(g.Weights);
                aupr += g.A.AveragePrecision(g.Weights) - g.B.AveragePrecision(g.Weights);
            }
            aurocDiffs[r] = auroc / ranked.Length;
            auprDiffs[r] = aupr / ranked.Length;
        }
        return (aurocDiffs, auprDiffs);
    }

    /// <summary>The 2.5th and 97.5th percentiles (linear between order statistics, numpy's default).</summary>
    public static double[] Interval(double[] values) => [Percentile(values, 2.5), Percentile(values, 97.5)];

    public static double Percentile(double[] values, double percent)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        double position = percent / 100 * (sorted.Length - 1);
        int lo = (int)Math.Floor(position), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>
    /// The pairs of each fold (one group when <paramref name="folds"/> is null), leaving out a fold whose pairs hold
    /// one class or fewer than two of either (no AUROC, no DeLong variance).
    /// </summary>
    public static List<int[]> Groups(IReadOnlyList<int> labels, IReadOnlyList<int>? folds)
    {
        var byFold = Enumerable.Range(0, labels.Count).GroupBy(i => folds?[i] ?? 0).OrderBy(g => g.Key);
        return byFold.Select(g => g.ToArray())
            .Where(g => g.Count(i => labels[i] == 1) >= 2 && g.Count(i => labels[i] != 1) >= 2).ToList();
    }

    private static bool BothClasses(int[] labels, int[] weights)
    {
        bool one = false, zero = false;
        for (int i = 0; i < labels.Length && !(one && zero); i++)
            if (weights[i] > 0) { if (labels[i] == 1) one = true; else zero = true; }
        return one && zero;
    }
}
