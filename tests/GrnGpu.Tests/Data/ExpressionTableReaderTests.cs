using GrnGpu.Models.Data;
using Xunit;

namespace GrnGpu.Tests.Data;

public class ExpressionTableReaderTests
{
    [Fact]
    public void ReadsSymbolIdAndValuesWithoutHeader()
    {
        using var dir = new TempFolder();
        var table = ExpressionTableReader.Read(dir.Write("e.csv", "Adf1,FBgn1,1.5,-2,3e-1\nkay,FBgn2,0,0,7\n"));
        Assert.Equal(3, table.SampleCount);
        Assert.Equal(["Adf1", "kay"], table.Symbols);
        Assert.Equal("FBgn1", table["Adf1"].Id);
        Assert.Equal([1.5, -2, 0.3], table["Adf1"].Values);
    }

    [Fact]
    public void DetectsHeaderAndMissingIdColumn()
    {
        using var dir = new TempFolder();
        var table = ExpressionTableReader.Read(dir.Write("e.tsv", "gene\ts1\ts2\nAdf1\t1\t2\nkay\t3\t4\n"));
        Assert.Equal(2, table.SampleCount);
        Assert.Null(table["kay"].Id);
        Assert.Equal([3.0, 4.0], table["kay"].Values);
        Assert.False(table.TryGet("gene", out _));
    }

    [Fact]
    public void SniffsTabsInAFileWithoutKnownExtension()
    {
        using var dir = new TempFolder();
        var table = ExpressionTableReader.Read(dir.Write("e.txt", "Adf1\tFB1\t1\t2\n"));
        Assert.Equal([1.0, 2.0], table["Adf1"].Values);
    }

    [Fact]
    public void ReadsQuotedCsvFields()
    {
        using var dir = new TempFolder();
        var table = ExpressionTableReader.Read(dir.Write("e.csv", "\"Su(var)2-10\",\"FB,1\",\"1.25\",2\r\n"));
        Assert.Equal("FB,1", table["Su(var)2-10"].Id);
        Assert.Equal([1.25, 2.0], table["Su(var)2-10"].Values);
    }

    [Fact]
    public void XlsxAndCsvGiveTheSameTable()
    {
        using var dir = new TempFolder();
        string xlsx = MinimalXlsx.Write(dir.File("e.xlsx"), [["Adf1", "FB1", 0.1, 1.2617659999999999], ["kay", "FB2", 3, -1e-300]]);
        string csv = dir.Write("e.csv", "Adf1,FB1,0.1,1.2617659999999999\nkay,FB2,3,-1e-300\n");
        var a = ExpressionTableReader.Read(xlsx);
        var b = ExpressionTableReader.Read(csv);
        foreach (var s in b.Symbols) Assert.Equal(b[s].Values, a[s].Values);
    }

    [Fact]
    public void RaggedRowIsAnErrorNamingFileAndLine()
    {
        using var dir = new TempFolder();
        string path = dir.Write("e.csv", "a,FB1,1,2,3\nb,FB2,1,2\n");
        var e = Assert.Throws<GrnDataException>(() => ExpressionTableReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("gene b has 2 sample values, expected 3", e.Message);
    }

    [Fact]
    public void NonNumericCellIsAnErrorNamingLineAndColumn()
    {
        using var dir = new TempFolder();
        string path = dir.Write("e.csv", "a,FB1,1,2,3\nb,FB2,1,x7,3\n");
        var e = Assert.Throws<GrnDataException>(() => ExpressionTableReader.Read(path));
        Assert.Contains("line 2, column 4", e.Message);
        Assert.Contains("\"x7\"", e.Message);
    }

    [Fact]
    public void NonNumericXlsxCellNamesRowAndColumnLetter()
    {
        using var dir = new TempFolder();
        string path = MinimalXlsx.Write(dir.File("e.xlsx"), [["a", "FB1", 1.0, 2.0], ["b", "FB2", 1.0, "oops"]]);
        var e = Assert.Throws<GrnDataException>(() => ExpressionTableReader.Read(path));
        Assert.Contains("row 2, column 4 (D)", e.Message);
    }

    [Fact]
    public void NonFiniteValueIsRejected()
    {
        using var dir = new TempFolder();
        string path = dir.Write("e.csv", "a,FB1,1,NaN\n");
        Assert.Contains("line 1, column 4", Assert.Throws<GrnDataException>(() => ExpressionTableReader.Read(path)).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void EmptyFileIsAnError(string text)
    {
        using var dir = new TempFolder();
        string path = dir.Write("e.csv", text);
        var e = Assert.Throws<GrnDataException>(() => ExpressionTableReader.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void NonZipNamedXlsxIsAnError()
    {
        using var dir = new TempFolder();
        string path = dir.Write("e.xlsx", "a,FB1,1,2\n");
        var e = Assert.Throws<GrnDataException>(() => ExpressionTableReader.Read(path));
        Assert.Contains("not an Excel workbook", e.Message);
    }

    [Fact]
    public void TruncatedXlsxIsAnError()
    {
        using var dir = new TempFolder();
        byte[] bytes = MinimalXlsx.Bytes([["a", "FB1", 1.0, 2.0]]);
        string path = dir.File("e.xlsx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<GrnDataException>(() => ExpressionTableReader.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void MissingFileIsAnError() =>
        Assert.Contains("cannot open", Assert.Throws<GrnDataException>(() => ExpressionTableReader.Read("/nonexistent/e.csv")).Message);

    [Fact]
    public void MergeKeepsIdenticalDuplicatesAndRejectsConflicts()
    {
        using var dir = new TempFolder();
        var tfs = dir.Write("tf.csv", "Dp,FB1,1,2\nkay,FB2,3,4\n");
        var same = dir.Write("same.csv", "kay,FB2,3,4\nolf413,FB3,5,6\n");
        var other = dir.Write("other.csv", "kay,FB2,3,4.5\n");
        var merged = ExpressionTableReader.ReadAll([tfs, same]);
        Assert.Equal(3, merged.Count);
        var e = Assert.Throws<GrnDataException>(() => ExpressionTableReader.ReadAll([tfs, other]));
        Assert.Contains("gene kay appears twice with different values", e.Message);
        Assert.Contains(other, e.Message);
    }

    [Fact]
    public void MergeRejectsDifferentSampleCounts()
    {
        using var dir = new TempFolder();
        var a = dir.Write("a.csv", "x,FB1,1,2\n");
        var b = dir.Write("b.csv", "y,FB2,1,2,3\n");
        Assert.Contains("number of samples", Assert.Throws<GrnDataException>(() => ExpressionTableReader.ReadAll([a, b])).Message);
    }
}

public class TableLimitTests
{
    [Fact]
    public void AbsurdColumnCountIsRejected()
    {
        using var dir = new TempFolder();
        string path = dir.Write("wide.csv", "a" + new string(',', TableLimits.MaxColumns + 1) + "\n");
        var e = Assert.Throws<GrnDataException>(() => ExpressionTableReader.Read(path));
        Assert.Contains("line 1", e.Message);
        Assert.Contains("columns", e.Message);
    }

    [Fact]
    public void UnclosedQuoteNamesWhereItStarted()
    {
        using var dir = new TempFolder();
        string path = dir.Write("q.csv", "a,FB1,1\nb,\"FB2,2\nc,FB3,3\n");
        Assert.Contains("line 2, column 2", Assert.Throws<GrnDataException>(() => ExpressionTableReader.Read(path)).Message);
    }
}
