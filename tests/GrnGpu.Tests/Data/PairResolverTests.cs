using GrnGpu.Models.Data;
using Xunit;

namespace GrnGpu.Tests.Data;

public class PairResolverTests
{
    private static ExpressionTable Table(params string[] symbols) =>
        new(symbols.Select((s, i) => new ExpressionRow(s, null, [i, i + 1.0, i + 3.0], "t.csv", $"line {i + 1}")), 3);

    private static PairList Pairs(params (string Tf, string Target)[] pairs) =>
        new("p.csv", pairs.Select((p, i) => new GenePair(p.Tf, p.Target, 1, $"line {i + 1}")).ToList());

    [Fact]
    public void SeedDefaultMapsDpToDp2()
    {
        var resolved = PairResolver.Resolve(Pairs(("Dp", "kay")), Table("Dp2", "kay"), SymbolAliases.SeedDefault, skipMissing: false);
        Assert.Equal("Dp2", resolved.Pairs[0].Tf.Symbol);
        Assert.Equal("Dp", resolved.Pairs[0].Pair.Tf);
    }

    [Fact]
    public void UnknownSymbolsAreListedWithTheirCount()
    {
        var pairs = Pairs(Enumerable.Range(0, 12).Select(i => ($"tf{i}", "kay")).ToArray());
        var e = Assert.Throws<GrnDataException>(() => PairResolver.Resolve(pairs, Table("kay"), SymbolAliases.None, false));
        Assert.Contains("12 gene symbol(s)", e.Message);
        Assert.Contains("tf0, tf1", e.Message);
        Assert.Contains("tf9 and 2 more", e.Message);
        Assert.DoesNotContain("tf10", e.Message);
    }

    [Fact]
    public void SkipMissingDropsPairsAndWarns()
    {
        var warnings = new List<string>();
        var resolved = PairResolver.Resolve(Pairs(("a", "kay"), ("zz", "kay"), ("a", "yy")), Table("a", "kay"),
            SymbolAliases.None, skipMissing: true, warnings.Add);
        Assert.Equal(1, resolved.Count);
        Assert.Equal([0], resolved.SourceIndices);
        Assert.Equal(2, resolved.DroppedPairs);
        Assert.Contains("2 gene symbol(s)", Assert.Single(warnings));
        Assert.Contains("dropped 2 of 3 pairs", warnings[0]);
    }

    [Fact]
    public void AliasFileAddsToTheDefault()
    {
        using var dir = new TempFolder();
        var aliases = SymbolAliases.Load(dir.Write("a.csv", "CG1,kay\n"));
        Assert.Equal("kay", aliases.Resolve("CG1"));
        Assert.Equal("Dp2", aliases.Resolve("Dp"));
        Assert.Equal("other", aliases.Resolve("other"));
        string bad = dir.Write("bad.csv", "x,y,z\n");
        Assert.Contains("line 1", Assert.Throws<GrnDataException>(() => SymbolAliases.Load(bad)).Message);
    }
}
