using System.Text.Json.Serialization;
using GrnGpu.Models.Metrics;

namespace GrnGpu.Models.Statistics;

/// <summary>
/// Model minus one other scorer on the same test gene pairs: the AUROC and AUPR differences, their 95% intervals by a
/// paired bootstrap over gene pairs (<see cref="PairedBootstrap"/>) and DeLong's two-sided p for the AUROC difference.
/// Over several folds the difference is the mean of the folds' differences (as the cv summary's means are), the
/// bootstrap resamples within each fold, and DeLong's variance is the folds' variances summed over folds squared.
/// The names are the JSON names (snake case), kept whatever the surrounding report's naming policy.
/// </summary>
public sealed record PairedComparison(
    [property: JsonPropertyName("auroc_diff")] double AurocDiff,
    [property: JsonPropertyName("auroc_ci")] double[] AurocCi,
    [property: JsonPropertyName("auroc_p")] double AurocP,
    [property: JsonPropertyName("aupr_diff")] double AuprDiff,
    [property: JsonPropertyName("aupr_ci")] double[] AuprCi,
    [property: JsonPropertyName("pairs")] int Pairs,
    [property: JsonPropertyName("folds")] int Folds,
    [property: JsonPropertyName("resamples")] int Resamples)
{
    /// <summary>
    /// Compares <paramref name="model"/> with <paramref name="other"/> over the pairs; <paramref name="folds"/> (one id
    /// per pair) makes the comparison fold by fold. Folds whose pairs hold one class have no AUROC: they are left
    /// out (the caller names them), and with none left every number is NaN (null in JSON).
    /// </summary>
    public static PairedComparison Of(IReadOnlyList<int> labels, IReadOnlyList<double> model, IReadOnlyList<double> other, IReadOnlyList<int>? folds = null,
        int resamples = PairedBootstrap.DefaultResamples, int seed = PairedBootstrap.DefaultSeed)
    {
        var groups = PairedBootstrap.Groups(labels, folds);
        if (groups.Count == 0) return Undefined(labels.Count);
        double aurocDiff = 0, auprDiff = 0, variance = 0;
        foreach (var g in groups)
        {
            var y = g.Select(i => labels[i]).ToArray();
            var a = g.Select(i => model[i]).ToArray();
            var b = g.Select(i => other[i]).ToArray();
            var d = DeLong.Compare(y, a, b);
            aurocDiff += d.Difference / groups.Count;
            variance += d.Variance / ((double)groups.Count * groups.Count);
            auprDiff += (RankingMetrics.AveragePrecision(y, a) - RankingMetrics.AveragePrecision(y, b)) / groups.Count;
        }
        double p = double.IsNaN(variance) ? double.NaN
            : variance <= 1e-300 ? (aurocDiff == 0 ? 1 : 0)
            : NormalDistribution.TwoSidedP(aurocDiff / Math.Sqrt(variance));
        var boot = PairedBootstrap.Run(labels, model, other, groups, resamples, seed);
        return new PairedComparison(aurocDiff, PairedBootstrap.Interval(boot.AurocDiffs), p, auprDiff, PairedBootstrap.Interval(boot.AuprDiffs),
            groups.Sum(g => g.Length), groups.Count, boot.AurocDiffs.Length);
    }

    private static PairedComparison Undefined(int pairs) =>
        new(double.NaN, [double.NaN, double.NaN], double.NaN, double.NaN, [double.NaN, double.NaN], pairs, 0, 0);

    /// <summary>Whether the 95% AUROC interval lies wholly above 0 (the model, or the first scorer, is better).</summary>
    [JsonIgnore]
    public bool AurocBetter => AurocCi.Length == 2 && AurocCi[0] > 0;
}
