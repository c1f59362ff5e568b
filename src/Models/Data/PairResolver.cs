namespace GrnGpu.Models.Data;

/// <summary>A pair with the expression profiles of its TF and target.</summary>
public sealed record ResolvedPair(GenePair Pair, ExpressionRow Tf, ExpressionRow Target);

/// <summary>
/// The pairs that can be used, in pair-file order, plus what had to be dropped (only with skip-missing).
/// <see cref="SourceIndices"/>[i] is the index in the pair file of <see cref="Pairs"/>[i].
/// </summary>
public sealed record ResolvedPairs(
    IReadOnlyList<ResolvedPair> Pairs,
    IReadOnlyList<int> SourceIndices,
    IReadOnlyList<string> MissingSymbols,
    int DroppedPairs)
{
    public int Count => Pairs.Count;
    public bool HasLabels => Pairs.Count > 0 && Pairs.All(p => p.Pair.Label != null);
}

/// <summary>Looks every pair's TF and target up in the expression tables, through the aliases.</summary>
public static class PairResolver
{
    private const int ListedMissing = 10;

    /// <param name="skipMissing">false: any symbol not found is an error listing them; true: such pairs are dropped
    /// and <paramref name="warn"/> is told how many symbols and pairs.</param>
    public static ResolvedPairs Resolve(PairList pairs, ExpressionTable table, SymbolAliases aliases, bool skipMissing, Action<string>? warn = null)
    {
        if (table.SampleCount < ExpressionTableReader.MinSamples)
            throw new GrnDataException($"{string.Join(", ", table.Symbols.Select(g => table[g].SourceFile).Distinct())}: {table.SampleCount} sample(s) per gene; " +
                                       $"at least {ExpressionTableReader.MinSamples} are needed (a correlation or a histogram over fewer says nothing about two genes)");
        if (pairs.Repeats.Count > 0)
        {
            var (repeat, first) = pairs.Repeats[0];
            warn?.Invoke($"warning: {pairs.Source}: {pairs.Repeats.Count} line(s) repeat an earlier pair, e.g. {repeat.Tf} -> {repeat.Target} at {repeat.Position} repeats {first.Position}; " +
                         (pairs.RepeatsMerged ? "each pair is kept once, so it cannot be on two sides of a split"
                                              : "kept, one row per line as the seed's arrays (remove them before splitting these rows into folds)"));
        }
        var missing = new List<string>();
        var missingSet = new HashSet<string>(StringComparer.Ordinal);
        var resolved = new List<ResolvedPair>(pairs.Count);
        var indices = new List<int>(pairs.Count);
        int dropped = 0;
        for (int i = 0; i < pairs.Count; i++)
        {
            var pair = pairs.Pairs[i];
            bool tfFound = table.TryGet(aliases.Resolve(pair.Tf), out var tf);
            bool targetFound = table.TryGet(aliases.Resolve(pair.Target), out var target);
            if (!tfFound && missingSet.Add(pair.Tf)) missing.Add(pair.Tf);
            if (!targetFound && missingSet.Add(pair.Target)) missing.Add(pair.Target);
            if (tfFound && targetFound)
            {
                resolved.Add(new ResolvedPair(pair, tf, target));
                indices.Add(i);
            }
            else dropped++;
        }
        if (missing.Count > 0)
        {
            string listed = string.Join(", ", missing.Take(ListedMissing)) + (missing.Count > ListedMissing ? $" and {missing.Count - ListedMissing} more" : "");
            string what = $"{missing.Count} gene symbol(s) of {pairs.Source} are in no expression table: {listed}";
            if (!skipMissing)
                throw new GrnDataException($"{what}. Fix the names, map them with --aliases, or pass --skip-missing to drop their {dropped} pair(s).");
            warn?.Invoke($"warning: {what}; dropped {dropped} of {pairs.Count} pairs.");
            if (resolved.Count == 0) throw new GrnDataException($"{what}; no pair is left.");
        }
        // A gene whose expression never changes has no histogram spread and no correlation: say which.
        var constant = resolved.SelectMany(p => new[] { p.Tf, p.Target }).DistinctBy(r => r.Symbol)
            .Where(r => r.Values.All(v => v == r.Values[0])).Select(r => r.Symbol).ToList();
        if (constant.Count > 0)
            warn?.Invoke($"warning: {constant.Count} gene(s) have the same expression in every sample (zero variance; correlations with them are undefined): " +
                         string.Join(", ", constant.Take(ListedMissing)) + (constant.Count > ListedMissing ? $" and {constant.Count - ListedMissing} more" : ""));
        return new ResolvedPairs(resolved, indices, missing, dropped);
    }
}
