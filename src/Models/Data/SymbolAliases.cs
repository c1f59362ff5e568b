namespace GrnGpu.Models.Data;

/// <summary>
/// Maps a symbol as written in a pair file to the symbol under which the expression tables hold it.
/// The default holds the seed's one rename, <c>Dp</c> to <c>Dp2</c> (the seed's code looks Dp up as Dp2).
/// An alias file has two columns, name-in-pairs and name-in-tables, no header; its entries add to the defaults
/// and override them.
/// </summary>
public sealed class SymbolAliases
{
    private readonly Dictionary<string, string> _map;

    public SymbolAliases(IEnumerable<KeyValuePair<string, string>> entries)
    {
        _map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in entries) _map[from] = to;
    }

    public static SymbolAliases None => new([]);

    public static SymbolAliases SeedDefault => new([new("Dp", "Dp2")]);

    public IReadOnlyDictionary<string, string> Entries => _map;

    /// <summary>The table symbol for <paramref name="symbol"/> (itself when it has no alias).</summary>
    public string Resolve(string symbol) => _map.TryGetValue(symbol, out var to) ? to : symbol;

    /// <summary>Reads an alias file on top of <paramref name="baseAliases"/> (the seed default when null).</summary>
    public static SymbolAliases Load(string path, SymbolAliases? baseAliases = null)
    {
        var table = RawTableReader.Read(path);
        var entries = new Dictionary<string, string>((baseAliases ?? SeedDefault)._map, StringComparer.Ordinal);
        var lineOf = new Dictionary<string, (string To, int Row)>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            if (row.Cells.Length != 2)
                throw table.Error(row.Number, $"expected 2 columns (symbol in the pair file, symbol in the expression tables), found {row.Cells.Length}");
            string from = row.Cells[0].AsText(), to = row.Cells[1].AsText();
            if (from.Length == 0) throw table.Error(row.Number, 1, "empty symbol");
            if (to.Length == 0) throw table.Error(row.Number, 2, "empty symbol");
            if (lineOf.TryGetValue(from, out var earlier) && earlier.To != to)
                throw table.Error(row.Number, $"alias conflict: {from} is mapped to {to} here and to {earlier.To} at {table.Describe(earlier.Row)}; a symbol can have one alias only");
            lineOf.TryAdd(from, (to, row.Number));
            entries[from] = to;
        }
        return new SymbolAliases(entries);
    }
}
