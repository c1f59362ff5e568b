namespace GrnGpu.Models.Data;

/// <summary>Where the RNA-seq side of a data set comes from: expression tables, a pair list and symbol aliases.</summary>
public sealed record PairDataSource(
    IReadOnlyList<string> ExpressionFiles,
    string PairsFile,
    string? AliasFile = null,
    bool SkipMissing = false);

/// <summary>Reads a <see cref="PairDataSource"/> and resolves its pairs (shared by `grn dataset build` and `grn baseline`).</summary>
public static class PairDataLoader
{
    /// <param name="mergeRepeats">Drop lines that repeat a pair (anything that splits the pairs into folds must).</param>
    public static ResolvedPairs Load(PairDataSource source, Action<string>? warn = null, bool mergeRepeats = false)
    {
        if (source.ExpressionFiles.Count == 0) throw new GrnDataException("give at least one --expression table");
        var table = ExpressionTableReader.ReadAll(source.ExpressionFiles);
        var pairs = PairListReader.Read(source.PairsFile);
        if (mergeRepeats) pairs = pairs.MergeRepeats();
        var aliases = source.AliasFile == null ? SymbolAliases.SeedDefault : SymbolAliases.Load(source.AliasFile);
        return PairResolver.Resolve(pairs, table, aliases, source.SkipMissing, warn);
    }
}
