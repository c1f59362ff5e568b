using GrnGpu.Models.Data;
using Xunit;

namespace GrnGpu.Tests.Data;

public class PairListTests
{
    [Fact]
    public void ReadsLabelledPairsAndSkipsAHeader()
    {
        using var dir = new TempFolder();
        var list = PairListReader.Read(dir.Write("p.csv", "tf,target,label\nAdf1,olf413,1\nDr,Antp,0.0\n"));
        Assert.True(list.HasLabels);
        Assert.Equal(2, list.Count);
        Assert.Equal(new GenePair("Dr", "Antp", 0, "line 3"), list.Pairs[1]);
    }

    [Fact]
    public void ReadsUnlabelledPairs()
    {
        using var dir = new TempFolder();
        var list = PairListReader.Read(dir.Write("p.tsv", "Adf1\tolf413\nDr\tAntp\n"));
        Assert.False(list.HasLabels);
        Assert.Null(list.Pairs[0].Label);
    }

    [Fact]
    public void ReadsXlsxPairsWithNumericLabels()
    {
        using var dir = new TempFolder();
        var list = PairListReader.Read(MinimalXlsx.Write(dir.File("p.xlsx"), [["Adf1", "olf413", 1], ["Dr", "Antp", 0]]));
        Assert.Equal([1, 0], list.Pairs.Select(p => p.Label!.Value));
    }

    [Theory]
    [InlineData("a,b,1\nc,d,2\n", "line 2, column 3")]
    [InlineData("a,b,1\nc,d,yes\n", "line 2, column 3")]
    [InlineData("a,b,1\nc,d\n", "line 2")]
    [InlineData("a,b,1,9\n", "column 4")]
    public void BadRowsNameTheirPosition(string text, string position)
    {
        using var dir = new TempFolder();
        string path = dir.Write("p.csv", text);
        var e = Assert.Throws<GrnDataException>(() => PairListReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(position, e.Message);
    }
}
