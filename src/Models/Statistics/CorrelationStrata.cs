using System.Text.Json.Serialization;
using GrnGpu.Models.Metrics;

namespace GrnGpu.Models.Statistics;

/// <summary>
/// One stratum of test pairs by |Pearson r|: its range, size, and the AUROC of the model and of |r| inside it. A model
/// that only re-learns |r| ranks no better than |r| inside a stratum (where |r| hardly varies); one that sees more of
/// the joint distribution does. Over folds the AUROCs are the means of the folds' (a fold whose stratum holds one class
/// is left out, counted in <see cref="Folds"/>).
/// </summary>
public sealed record CorrelationStratum(
    [property: JsonPropertyName("stratum")] int Stratum,
    [property: JsonPropertyName("abs_r_min")] double AbsRMin,
    [property: JsonPropertyName("abs_r_max")] double AbsRMax,
    [property: JsonPropertyName("pairs")] int Pairs,
    [property: JsonPropertyName("positives")] int Positives,
    [property: JsonPropertyName("model_auroc")] double ModelAuroc,
    [property: JsonPropertyName("abs_r_auroc")] double AbsRAuroc,
    [property: JsonPropertyName("folds")] int Folds);

public static class CorrelationStrata
{
    public const int DefaultStrata = 5;

    /// <summary>
    /// Cuts the pairs into <paramref name="strata"/> groups of near-equal size by the rank of |r| (quintiles by
    /// default) and measures both AUROCs in each; <paramref name="folds"/> (one id per pair) measures them per fold and
    /// averages, because scores of different folds' models are not on one scale.
    /// </summary>
    public static IReadOnlyList<CorrelationStratum> Compute(IReadOnlyList<int> labels, IReadOnlyList<double> model, IReadOnlyList<double> absR,
        IReadOnlyList<int>? folds = null, int strata = DefaultStrata)
    {
        int n = labels.Count;
        if (n < strata) return [];
        // Stable sort by |r|: stratum s takes ranks [s n / S, (s + 1) n / S).
        var order = Enumerable.Range(0, n).OrderBy(i => absR[i]).ThenBy(i => i).ToArray();
        var result = new List<CorrelationStratum>();
        for (int s = 0; s < strata; s++)
        {
            var members = order[(int)((long)s * n / strata)..(int)((long)(s + 1) * n / strata)];
            double modelSum = 0, rSum = 0;
            int defined = 0;
            foreach (var fold in members.GroupBy(i => folds?[i] ?? 0))
            {
                var y = fold.Select(i => labels[i]).ToArray();
                double m = RankingMetrics.Auroc(y, fold.Select(i => model[i]).ToArray());
                if (double.IsNaN(m)) continue;
                modelSum += m;
                rSum += RankingMetrics.Auroc(y, fold.Select(i => absR[i]).ToArray());
                defined++;
            }
            result.Add(new CorrelationStratum(s, absR[members[0]], absR[members[^1]], members.Length, members.Count(i => labels[i] == 1),
                defined == 0 ? double.NaN : modelSum / defined, defined == 0 ? double.NaN : rSum / defined, defined));
        }
        return result;
    }
}
