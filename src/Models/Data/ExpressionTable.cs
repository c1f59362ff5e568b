namespace GrnGpu.Models.Data;

/// <summary>One gene's expression profile and where it came from (for error messages).</summary>
public sealed record ExpressionRow(string Symbol, string? Id, double[] Values, string SourceFile, string Position);

/// <summary>
/// Expression profiles by gene symbol (ordinal, case-sensitive: fly symbols differ only by case, e.g. "Dr" and "dr").
/// All rows have the same number of samples. Built by <see cref="ExpressionTableReader"/>; several tables merge
/// into one (the seed keeps TFs and targets in separate files).
/// </summary>
public sealed class ExpressionTable
{
    private readonly Dictionary<string, ExpressionRow> _bySymbol;
    private readonly List<string> _symbols;

    public ExpressionTable(IEnumerable<ExpressionRow> rows, int sampleCount)
    {
        SampleCount = sampleCount;
        _bySymbol = new Dictionary<string, ExpressionRow>(StringComparer.Ordinal);
        _symbols = new List<string>();
        foreach (var row in rows) Add(row);
    }

    public int SampleCount { get; }
    public int Count => _symbols.Count;

    /// <summary>Symbols in first-seen order.</summary>
    public IReadOnlyList<string> Symbols => _symbols;

    public bool TryGet(string symbol, out ExpressionRow row) => _bySymbol.TryGetValue(symbol, out row!);

    public ExpressionRow this[string symbol] =>
        TryGet(symbol, out var row) ? row : throw new GrnDataException($"gene {symbol} is in no expression table");

    /// <summary>
    /// Merges tables. A symbol in several tables must have identical values (it is then kept once); different
    /// values are an error naming the symbol and both places, as is a different number of samples.
    /// </summary>
    public static ExpressionTable Merge(IReadOnlyList<ExpressionTable> tables)
    {
        if (tables.Count == 0) throw new GrnDataException("no expression table given");
        if (tables.Count == 1) return tables[0];
        int samples = tables[0].SampleCount;
        foreach (var t in tables)
            if (t.SampleCount != samples)
                throw new GrnDataException(
                    $"expression tables disagree on the number of samples: {FirstSource(tables[0])} has {samples}, {FirstSource(t)} has {t.SampleCount}");
        return new ExpressionTable(tables.SelectMany(t => t._symbols.Select(s => t._bySymbol[s])), samples);
    }

    private void Add(ExpressionRow row)
    {
        if (row.Values.Length != SampleCount)
            throw new GrnDataException(row.SourceFile, $"{row.Position}: gene {row.Symbol} has {row.Values.Length} samples, expected {SampleCount}");
        if (_bySymbol.TryGetValue(row.Symbol, out var existing))
        {
            if (!existing.Values.AsSpan().SequenceEqual(row.Values))
                throw new GrnDataException(
                    $"gene {row.Symbol} appears twice with different values: {existing.SourceFile} {existing.Position} and {row.SourceFile} {row.Position}");
            return;
        }
        _bySymbol.Add(row.Symbol, row);
        _symbols.Add(row.Symbol);
    }

    private static string FirstSource(ExpressionTable t) => t._symbols.Count > 0 ? t._bySymbol[t._symbols[0]].SourceFile : "(empty table)";
}
