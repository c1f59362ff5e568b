using System.Globalization;

namespace GrnGpu.Models.Data;

/// <summary>
/// One cell as the file holds it: spreadsheets give numbers as doubles (no text round trip), text files give text.
/// </summary>
public readonly record struct RawCell(string? Text, double? Number)
{
    public static readonly RawCell Empty = new(null, null);

    public bool IsEmpty => Number == null && string.IsNullOrWhiteSpace(Text);

    /// <summary>The cell as text (numbers formatted round-trip), trimmed.</summary>
    public string AsText() => Number is double d ? d.ToString("R", CultureInfo.InvariantCulture) : (Text ?? "").Trim();

    /// <summary>A finite number, from a numeric cell or text that parses as one (invariant culture).</summary>
    public bool TryGetNumber(out double value)
    {
        if (Number is double d)
        {
            value = d;
            return double.IsFinite(d);
        }
        if (Text != null
            && double.TryParse(Text.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value))
            return true;
        value = 0;
        return false;
    }

    /// <summary>A short quotation of the cell for error messages.</summary>
    public string Quote()
    {
        string text = AsText();
        if (text.Length > 40) text = text[..40] + "...";
        return $"\"{text}\"";
    }
}

/// <summary>A non-blank row: its 1-based number in the file (text line or sheet row) and its cells, trailing empties removed.</summary>
public sealed record RawRow(int Number, RawCell[] Cells);

/// <summary>A file read as rows of cells, before any meaning is given to them.</summary>
public sealed class RawTable
{
    public RawTable(string path, TableFormat format, IReadOnlyList<RawRow> rows)
    {
        Path = path;
        Format = format;
        Rows = rows;
    }

    public string Path { get; }
    public TableFormat Format { get; }
    public IReadOnlyList<RawRow> Rows { get; }

    /// <summary>"line 3, column 2" for text files, "row 3, column 2 (B)" for workbooks; columns are 1-based.</summary>
    public string Describe(int rowNumber, int column) => Format == TableFormat.Excel
        ? $"row {rowNumber}, column {column} ({ColumnLetters(column)})"
        : $"line {rowNumber}, column {column}";

    public string Describe(int rowNumber) => Format == TableFormat.Excel ? $"row {rowNumber}" : $"line {rowNumber}";

    public GrnDataException Error(int rowNumber, int column, string message) =>
        GrnDataException.At(Path, Describe(rowNumber, column), message);

    public GrnDataException Error(int rowNumber, string message) =>
        GrnDataException.At(Path, Describe(rowNumber), message);

    public static string ColumnLetters(int column)
    {
        string letters = "";
        for (int c = column; c > 0; c = (c - 1) / 26)
            letters = (char)('A' + (c - 1) % 26) + letters;
        return letters;
    }
}
