namespace GrnGpu.Models.Data;

/// <summary>
/// Reads expression tables: one row per gene = symbol, an optional id column, then the sample values (double).
/// Layout rules (decided once per file, so that every row is held to the same shape):
/// - the first row is a header when none of its cells after the first is a number;
/// - there is an id column when the second cell of the first data row is not a number;
/// - every data row must then have the same number of values, all finite numbers.
/// </summary>
public static class ExpressionTableReader
{
    /// <summary>Fewest samples a table may have to compare genes (checked where pairs are resolved): with one sample every correlation is undefined.</summary>
    public const int MinSamples = 3;

    public static ExpressionTable Read(string path) => Parse(RawTableReader.Read(path));

    /// <summary>Reads and merges several tables (see <see cref="ExpressionTable.Merge"/>).</summary>
    public static ExpressionTable ReadAll(IEnumerable<string> paths) => ExpressionTable.Merge(paths.Select(Read).ToList());

    public static ExpressionTable Parse(RawTable table)
    {
        var rows = table.Rows;
        int first = IsHeader(rows[0]) ? 1 : 0;
        if (first >= rows.Count)
            throw new GrnDataException(table.Path, "has a header row but no gene rows");

        var firstData = rows[first];
        bool hasId = firstData.Cells.Length > 1 && !firstData.Cells[1].TryGetNumber(out _);
        int valueStart = hasId ? 2 : 1;
        int sampleCount = firstData.Cells.Length - valueStart;
        if (sampleCount < 1)
            throw table.Error(firstData.Number, $"expected a gene symbol, {(hasId ? "an id, " : "")}then sample values; found no values");

        if (hasId && sampleCount == 1 && LooksLikePairList(rows, first))
            throw new GrnDataException(table.Path, "looks like a pair list (TF, target, 0/1 label), not an expression table (gene symbol, optional id, " +
                                                   "sample values); pass it with --pairs");
        var genes = new List<ExpressionRow>(rows.Count - first);
        for (int r = first; r < rows.Count; r++)
        {
            var row = rows[r];
            var cells = row.Cells;
            string symbol = cells[0].AsText();
            if (symbol.Length == 0) throw table.Error(row.Number, 1, "empty gene symbol");
            if (cells.Length != valueStart + sampleCount)
                throw table.Error(row.Number,
                    $"gene {symbol} has {cells.Length - valueStart} sample values, expected {sampleCount} like {table.Describe(firstData.Number)} (ragged rows)");
            var values = new double[sampleCount];
            for (int c = 0; c < sampleCount; c++)
            {
                var cell = cells[valueStart + c];
                if (!cell.TryGetNumber(out values[c]))
                    throw table.Error(row.Number, valueStart + c + 1,
                        cell.IsEmpty ? $"gene {symbol}: empty cell where a sample value was expected"
                                     : $"gene {symbol}: expected a finite number, found {cell.Quote()}");
            }
            string? id = hasId ? cells[1].AsText() : null;
            genes.Add(new ExpressionRow(symbol, id, values, table.Path, table.Describe(row.Number)));
        }
        return new ExpressionTable(genes, sampleCount);
    }

    /// <summary>Every data row is symbol, symbol, 0 or 1: a pair list given where an expression table was expected.</summary>
    private static bool LooksLikePairList(IReadOnlyList<RawRow> rows, int first)
    {
        for (int r = first; r < rows.Count; r++)
        {
            var cells = rows[r].Cells;
            if (cells.Length != 3 || cells[1].TryGetNumber(out _) || !cells[2].TryGetNumber(out double v) || (v != 0 && v != 1)) return false;
        }
        return true;
    }

    private static bool IsHeader(RawRow row) =>
        row.Cells.Length > 1 && row.Cells.Skip(1).All(c => !c.TryGetNumber(out _));
}
