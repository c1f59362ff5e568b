using GrnGpu.Models.Statistics;

namespace GrnGpu.Models.Training;

/// <summary>How the stacked scorer fared against its parts, over the same test pairs.</summary>
/// <param name="Comparisons">Stacked minus the model, and minus each baseline it combines.</param>
/// <param name="BeatsAll">Its AUROC interval lies above 0 against the model and against every baseline.</param>
public sealed record StackedVerdict(IReadOnlyDictionary<string, PairedComparison> Comparisons, bool BeatsAll, string Verdict);

/// <summary>
/// What a report says beside its metrics, from a <see cref="ScoreTable"/>: the model against each baseline
/// (<see cref="PairedComparison"/>), the model and |r| inside strata of |r| (<see cref="CorrelationStrata"/>), and
/// whether the stacked scorer beats its parts. Over several folds every number is per fold, then averaged.
/// </summary>
public static class PairedAnalysis
{
    /// <summary>Columns of a score table that are no baseline.</summary>
    private static readonly HashSet<string> NotBaselines = [ScoreTable.Model, ScoreTable.AbsR, ScoreTable.Stacked];

    public static IReadOnlyDictionary<string, PairedComparison> Comparisons(ScoreTable table) =>
        table.Columns.Keys.Where(c => !NotBaselines.Contains(c))
            .ToDictionary(c => c, c => PairedComparison.Of(table.Labels, table[ScoreTable.Model]!, table[c]!, table.Folds));

    public static IReadOnlyList<CorrelationStratum>? Strata(ScoreTable table) =>
        table[ScoreTable.AbsR] is { } absR ? CorrelationStrata.Compute(table.Labels, table[ScoreTable.Model]!, absR, table.Folds) : null;

    /// <summary>The stacked scorer against the model and each baseline; null when the table has no stacked column.</summary>
    public static StackedVerdict? Stacked(ScoreTable table, IReadOnlyList<string> features)
    {
        if (table[ScoreTable.Stacked] is not { } stacked) return null;
        var parts = new[] { ScoreTable.Model }.Concat(features.Where(f => f != ScoreTable.Model && table[f] != null)).ToList();
        var comparisons = parts.ToDictionary(p => p, p => PairedComparison.Of(table.Labels, stacked, table[p]!, table.Folds));
        bool beatsAll = comparisons.Values.All(c => c.AurocBetter);
        string Describe(string part, PairedComparison c) =>
            $"{part} (AUROC {Sign(c.AurocDiff)}, 95% CI [{Sign(c.AurocCi[0])}, {Sign(c.AurocCi[1])}], DeLong p {P(c.AurocP)})";
        string verdict = beatsAll
            ? "the stacked scorer beats every part: " + string.Join("; ", comparisons.Select(c => Describe(c.Key, c.Value))) + ". It is the best score."
            : "the stacked scorer does not beat every part (an AUROC interval not above 0 against " +
              string.Join(", ", comparisons.Where(c => !c.Value.AurocBetter).Select(c => Describe(c.Key, c.Value))) +
              "), so it is not the best score; " + (comparisons[ScoreTable.Model].AurocBetter ? "it does beat the model alone." : "the model alone is reported as the product's score.");
        return new StackedVerdict(comparisons, beatsAll, verdict);
    }

    private static string Sign(double v) => double.IsNaN(v) ? "undefined" : v.ToString("+0.0000;-0.0000;0.0000", System.Globalization.CultureInfo.InvariantCulture);
    private static string P(double v) => double.IsNaN(v) ? "undefined" : v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
}
