using System.Text;

namespace GrnGpu.Models.Data;

/// <summary>Reads any supported table file (xlsx/xls, CSV, TSV; chosen by extension, else sniffed) into rows of cells.</summary>
public static class RawTableReader
{
    public static RawTable Read(string path)
    {
        if (Directory.Exists(path)) throw new GrnDataException(path, "is a folder, expected a table file (xlsx, csv or tsv)");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new GrnDataException(path, $"cannot open the file ({e.Message})", e);
        }
        using (stream)
        {
            if (stream.Length == 0) throw new GrnDataException(path, "the file is empty");
            if (stream.Length > TableLimits.MaxFileBytes)
                throw new GrnDataException(path, $"the file is {stream.Length} bytes, more than the {TableLimits.MaxFileBytes}-byte limit for a table");
            Span<byte> head = stackalloc byte[512];
            int got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            stream.Position = 0;
            var format = TableFormatDetector.FromPath(path, head[..got]);
            var table = format == TableFormat.Excel ? ExcelSheetReader.Read(path, stream) : ReadText(path, stream, format);
            if (table.Rows.Count == 0) throw new GrnDataException(path, "the table has no non-blank rows");
            return table;
        }
    }

    private static RawTable ReadText(string path, Stream stream, TableFormat format)
    {
        string text;
        try
        {
            using var reader = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or DecoderFallbackException)
        {
            throw new GrnDataException(path, $"cannot read the text ({e.Message})", e);
        }
        if (text.Contains('\0'))
            throw new GrnDataException(path, $"contains NUL bytes at line {1 + text.AsSpan(0, text.IndexOf('\0')).Count('\n')}; is this a binary file rather than {format}?");
        return DelimitedTextParser.Parse(path, text, format);
    }
}
