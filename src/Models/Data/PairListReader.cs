namespace GrnGpu.Models.Data;

/// <summary>
/// Reads pair lists (xlsx/CSV/TSV): TF symbol, target symbol, optional label (0 or 1; 0.0/1.0 accepted).
/// The first row is a header when its third cell is present and not a number, or when its first two cells are
/// header words (tf/regulator/source/gene1 and target/gene/gene2...). Whether the list is labelled is decided by
/// the first data row; after that every row must have the same shape.
/// </summary>
public static class PairListReader
{
    private static readonly HashSet<string> HeaderWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "tf", "tfs", "regulator", "source", "gene1", "gene_1", "from", "tf_symbol",
        "target", "targets", "gene", "gene2", "gene_2", "to", "target_symbol",
    };

    public static PairList Read(string path) => Parse(RawTableReader.Read(path));

    public static PairList Parse(RawTable table)
    {
        var rows = table.Rows;
        int first = IsHeader(rows[0]) ? 1 : 0;
        if (first >= rows.Count) throw new GrnDataException(table.Path, "has a header row but no pairs");
        int width = rows[first].Cells.Length;
        if (width < 2)
            throw table.Error(rows[first].Number, "expected TF symbol, target symbol and optionally a 0/1 label; found one column");
        if (width > 3)
            throw table.Error(rows[first].Number, 4, $"expected at most 3 columns (TF, target, label), found {width}");
        bool labelled = width == 3;

        var pairs = new List<GenePair>(rows.Count - first);
        var seen = new Dictionary<(string, string), GenePair>();
        var merged = new List<(GenePair, GenePair)>();
        for (int r = first; r < rows.Count; r++)
        {
            var row = rows[r];
            var cells = row.Cells;
            if (cells.Length != width)
                throw table.Error(row.Number,
                    $"expected {(labelled ? "3 columns (TF, target, label)" : "2 columns (TF, target)")} like {table.Describe(rows[first].Number)}, found {cells.Length}");
            string tf = Symbol(table, row, 0), target = Symbol(table, row, 1);
            int? label = labelled ? Label(table, row) : null;
            var pair = new GenePair(tf, target, label, table.Describe(row.Number));
            if (labelled && seen.TryGetValue((tf, target), out var earlier) && earlier.Label != label)
                throw table.Error(row.Number,
                    $"pair {tf} -> {target} is labelled {label} here and {earlier.Label} at {earlier.Position}; a pair must have one label (remove one of the lines)");
            // Repeats are kept in file order (X.npy has a row per line, as the seed's) and listed: PairList.MergeRepeats drops them.
            if (seen.TryGetValue((tf, target), out var firstSeen)) merged.Add((pair, firstSeen));
            else seen.Add((tf, target), pair);
            pairs.Add(pair);
        }
        return new PairList(table.Path, pairs, merged);
    }

    private static string Symbol(RawTable table, RawRow row, int column)
    {
        string s = row.Cells[column].AsText();
        if (s.Length == 0)
            throw table.Error(row.Number, column + 1, $"empty {(column == 0 ? "TF" : "target")} symbol");
        return s;
    }

    private static int Label(RawTable table, RawRow row)
    {
        var cell = row.Cells[2];
        if (cell.TryGetNumber(out double v) && (v == 0 || v == 1)) return (int)v;
        throw table.Error(row.Number, 3, $"label must be 0 or 1, found {cell.Quote()}");
    }

    private static bool IsHeader(RawRow row)
    {
        var cells = row.Cells;
        if (cells.Length >= 3 && !cells[2].TryGetNumber(out _)) return true;
        return cells.Length >= 2 && HeaderWords.Contains(cells[0].AsText()) && HeaderWords.Contains(cells[1].AsText());
    }
}
