using System.Text;

namespace GrnGpu.Models.Data;

/// <summary>
/// Splits CSV/TSV text into rows of cells: RFC 4180 quoting ("" inside quotes is a quote, quoted fields may span lines),
/// \n, \r\n and \r line ends. Rows that are blank are dropped; trailing empty cells are removed so that a trailing
/// delimiter does not make a row look ragged.
/// </summary>
public static class DelimitedTextParser
{
    public static RawTable Parse(string path, string text, TableFormat format)
    {
        char delimiter = format == TableFormat.Tsv ? '\t' : ',';
        var rows = new List<RawRow>();
        var cells = new List<RawCell>();
        var field = new StringBuilder();
        long cellCount = 0;
        int line = 1, rowStartLine = 1;
        bool inQuotes = false, fieldWasQuoted = false;
        int quoteStartLine = 0;

        void EndField()
        {
            cells.Add(new RawCell(field.ToString(), null));
            field.Clear();
            fieldWasQuoted = false;
            if (cells.Count > TableLimits.MaxColumns)
                throw GrnDataException.At(path, $"line {rowStartLine}", $"more than {TableLimits.MaxColumns} columns; is this really a delimited table?");
        }

        void EndRow()
        {
            EndField();
            int keep = cells.Count;
            while (keep > 0 && cells[keep - 1].IsEmpty) keep--;
            if (keep > 0)
            {
                cellCount += keep;
                if (cellCount > TableLimits.MaxCells)
                    throw new GrnDataException(path, $"more than {TableLimits.MaxCells} cells; refusing to read a table this large");
                rows.Add(new RawRow(rowStartLine, cells.GetRange(0, keep).ToArray()));
            }
            cells.Clear();
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else
                {
                    if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'))) line++;
                    field.Append(c);
                }
                continue;
            }
            if (c == '"' && field.Length == 0 && !fieldWasQuoted)
            {
                inQuotes = true;
                fieldWasQuoted = true;
                quoteStartLine = line;
            }
            else if (c == '"' && fieldWasQuoted)
            {
                throw GrnDataException.At(path, $"line {line}, column {cells.Count + 1}", "unexpected quote after a closing quote (write \"\" for a quote inside a quoted field)");
            }
            else if (c == delimiter) EndField();
            else if (c == '\r' || c == '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                EndRow();
                line++;
                rowStartLine = line;
            }
            else if (fieldWasQuoted && !char.IsWhiteSpace(c))
                throw GrnDataException.At(path, $"line {line}, column {cells.Count + 1}", $"text after a closing quote ('{Printable(c)}')");
            else field.Append(c);
        }
        if (inQuotes)
            throw GrnDataException.At(path, $"line {quoteStartLine}, column {cells.Count + 1}", "quoted field is never closed (file truncated?)");
        EndRow();
        return new RawTable(path, format, rows);
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString();
}
