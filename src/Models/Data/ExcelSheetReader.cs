using System.Text;
using ExcelDataReader;

namespace GrnGpu.Models.Data;

/// <summary>
/// Reads the first sheet of an xlsx (or legacy xls) workbook into a <see cref="RawTable"/> via ExcelDataReader.
/// Any failure inside the library (truncated zip, bad XML, wrong signature, ...) becomes a <see cref="GrnDataException"/>
/// naming the file: those failures are about the user's file, never about our code.
/// </summary>
public static class ExcelSheetReader
{
    static ExcelSheetReader()
    {
        // Legacy .xls stores strings in code pages that .NET Core only knows once this provider is registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static RawTable Read(string path, Stream stream)
    {
        Span<byte> head = stackalloc byte[8];
        int got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (got >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x05 && head[3] == 0x06)
            throw new GrnDataException(path, "an empty zip archive, not an Excel workbook: it holds no files at all; export the sheet again");
        if (!TableFormatDetector.IsZip(head[..got]) && !TableFormatDetector.IsOle2(head[..got]))
            throw new GrnDataException(path, got >= 2 && head[0] == 0x50 && head[1] == 0x4B
                ? "not an Excel workbook: it starts like a zip archive but not with a zip file entry; is it damaged?"
                : "not an Excel workbook: an .xlsx file starts with a zip signature (PK) and this one does not");

        var rows = new List<RawRow>();
        try
        {
            if (TableFormatDetector.IsZip(head[..got]))
            {
                // ExcelDataReader reads a workbook whose sheet part is gone as an empty sheet; say what is wrong instead.
                using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true))
                    if (!zip.Entries.Any(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)))
                        throw new GrnDataException(path, "the workbook holds no worksheet (no xl/worksheets/*.xml part); save the table again from a spreadsheet program");
                stream.Position = 0;
            }
            using var reader = ExcelReaderFactory.CreateReader(stream);
            if (reader.ResultsCount == 0)
                throw new GrnDataException(path, "the workbook holds no worksheet (its sheet is missing); save the table again from a spreadsheet program");
            long cellCount = 0;
            int rowNumber = 0;
            while (reader.Read())
            {
                rowNumber++;
                int fields = reader.FieldCount;
                if (fields > TableLimits.MaxColumns)
                    throw GrnDataException.At(path, $"row {rowNumber}", $"more than {TableLimits.MaxColumns} columns");
                var cells = new RawCell[fields];
                int keep = 0;
                for (int c = 0; c < fields; c++)
                {
                    cells[c] = ToCell(reader.GetValue(c));
                    if (!cells[c].IsEmpty) keep = c + 1;
                }
                if (keep == 0) continue;
                cellCount += keep;
                if (cellCount > TableLimits.MaxCells)
                    throw new GrnDataException(path, $"more than {TableLimits.MaxCells} cells; refusing to read a sheet this large");
                rows.Add(new RawRow(rowNumber, keep == fields ? cells : cells[..keep]));
            }
        }
        catch (GrnDataException)
        {
            throw;
        }
        catch (Exception e)
        {
            // Deliberately broad: ExcelDataReader throws many types (InvalidDataException, XmlException,
            // HeaderException, IndexOutOfRange on corrupt records, ...) and all of them mean "this workbook is damaged".
            throw new GrnDataException(path, $"cannot read the workbook ({e.GetType().Name}: {e.Message}); is the file complete and a real .xlsx?", e);
        }
        return new RawTable(path, TableFormat.Excel, rows);
    }

    private static RawCell ToCell(object? value) => value switch
    {
        null => RawCell.Empty,
        double d => new RawCell(null, d),
        int i => new RawCell(null, i),
        long l => new RawCell(null, l),
        float f => new RawCell(null, f),
        decimal m => new RawCell(null, (double)m),
        bool b => new RawCell(b ? "TRUE" : "FALSE", null),
        string s => new RawCell(s, null),
        DateTime t => new RawCell(t.ToString("s"), null),
        _ => new RawCell(value.ToString(), null),
    };
}
