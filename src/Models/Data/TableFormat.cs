namespace GrnGpu.Models.Data;

/// <summary>The file formats the table readers accept.</summary>
public enum TableFormat
{
    /// <summary>Excel workbook (xlsx, or legacy xls); the first sheet is read.</summary>
    Excel,
    Csv,
    Tsv,
}

/// <summary>Decides a table file's format from its extension, else from its first bytes.</summary>
public static class TableFormatDetector
{
    public static TableFormat FromPath(string path, ReadOnlySpan<byte> head)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".xlsx":
            case ".xlsm":
            case ".xls":
                return TableFormat.Excel;
            case ".csv":
                return TableFormat.Csv;
            case ".tsv":
            case ".tab":
                return TableFormat.Tsv;
        }
        return Sniff(head);
    }

    /// <summary>Zip (xlsx) or OLE2 (xls) signature means a workbook; otherwise the delimiter that is more frequent in the first line.</summary>
    public static TableFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (IsZip(head) || IsOle2(head)) return TableFormat.Excel;
        int end = head.IndexOf((byte)'\n');
        var firstLine = end < 0 ? head : head[..end];
        int tabs = firstLine.Count((byte)'\t');
        int commas = firstLine.Count((byte)',');
        return tabs > 0 && tabs >= commas ? TableFormat.Tsv : TableFormat.Csv;
    }

    public static bool IsZip(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;

    public static bool IsOle2(ReadOnlySpan<byte> head) =>
        head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 });
}
