using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Sets;
using GrnGpu.Tests.Data;
using Xunit;

namespace GrnGpu.Tests.Cli;

public class DatasetCommandTests
{
    [Fact]
    public void BuildWritesXYAndPairs()
    {
        using var dir = new TempFolder();
        string expr = dir.Write("e.csv", "Dp2,FB1,1,2,3,4\nkay,FB2,4,3,2,1\nolf,FB3,1,1,2,2\n");
        string pairs = dir.Write("p.csv", "Dp,kay,1\nkay,olf,0\n");
        string outDir = dir.File("out");
        int code = GrnGpu.Cli.Program.Main(["dataset", "build", "--expression", expr, "--pairs", pairs, "--bins", "4", "--out", outDir]);
        Assert.Equal(0, code);
        var x = NpyReader.Read(Path.Combine(outDir, "X.npy"));
        Assert.Equal([2, 1, 4, 4], x.Shape);
        Assert.Equal([1f, 0f], NpyReader.Read(Path.Combine(outDir, "y.npy")).Data);
        Assert.Equal(["tf\ttarget\tlabel", "Dp\tkay\t1", "kay\tolf\t0"], File.ReadAllLines(Path.Combine(outDir, "pairs.tsv")));
        Assert.Equal(4, Directory.GetFiles(outDir).Length); // and manifest.json
        var manifest = DatasetBuilder.RequireWhole(outDir);
        Assert.Equal(2, manifest.Integer("pairs"));
    }

    [Fact]
    public void UnlabelledPairsWriteNoLabels()
    {
        using var dir = new TempFolder();
        string expr = dir.Write("e.csv", "a,1,2,3\nb,2,1,3\n");
        string pairs = dir.Write("p.csv", "a,b\n");
        var result = DatasetBuilder.Build(new PairDataSource([expr], pairs), dir.File("out"), bins: 2);
        Assert.False(result.WroteLabels);
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "y.npy")));
    }

    [Fact]
    public void BadInputExitsWithTwo()
    {
        using var dir = new TempFolder();
        string expr = dir.Write("e.csv", "a,1,2\nb,2\n");
        string pairs = dir.Write("p.csv", "a,b,1\n");
        Assert.Equal(2, GrnGpu.Cli.Program.Main(["dataset", "build", "--expression", expr, "--pairs", pairs, "--out", dir.File("out")]));
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
