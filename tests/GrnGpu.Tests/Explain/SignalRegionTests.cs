using GrnGpu.Engine;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Data.Synthetic;
using Xunit;

namespace GrnGpu.Tests.Explain;

/// <summary>`grn synth --signal-region`: the region's parsing, the codes the genes carry, and how a code is painted.</summary>
public class SignalRegionTests
{
    [Fact]
    public void ParsesFractionsAndRefusesAnythingElseNamingTheOption()
    {
        Assert.Equal(new SignalRegion(0.15, 0.3, 0.45, 0.7), SignalRegion.Parse("0.15, 0.3,0.45,0.7"));
        foreach (string bad in new[] { "1,2", "0.5,0.1,0.2,0.9", "0,0,1.5,1", "a,b,c,d", "0,0,1,1,1" })
        {
            var e = Assert.Throws<GrnException>(() => SignalRegion.Parse(bad, "--region"));
            Assert.StartsWith($"--region {bad}: expected x0,y0,x1,y1", e.Message);
        }
    }

    [Fact]
    public void RegulatedTargetsCopyTheirFirstRegulatorsCodeAndTheDomainsNoLonger()
    {
        var plain = RegulatoryGraph.Generate(new SyntheticOptions { Seed = 3, MismatchedDomainRate = 0 });
        var coded = RegulatoryGraph.Generate(new SyntheticOptions { Seed = 3, MismatchedDomainRate = 0, SignalRegion = new SignalRegion(0.1, 0.1, 0.5, 0.5) });
        Assert.All(plain.Tfs.Concat(plain.Targets), g => Assert.Equal(-1, g.Code));
        Assert.Equal(plain.Edges, coded.Edges);    // the same hidden graph, so the same labels
        for (int i = 0; i < coded.Targets.Count; i++)
        {
            var first = coded.Edges.FirstOrDefault(e => e.Target == i);
            if (first != null) Assert.Equal(coded.Tfs[first.Tf].Code, coded.Targets[i].Code);
            else Assert.InRange(coded.Targets[i].Code, 0, SignalRegion.Codes - 1);
        }
        // Without a region a regulated target copies its regulator's domains; with one it draws its own.
        int copied(RegulatoryGraph g) => g.Edges.Count(e => g.Targets[e.Target].Domains.Any(d => g.Tfs[e.Tf].Domains.Any(t => t.Kind == d.Kind && Math.Abs(t.A - d.A) < 0.05)));
        Assert.True(copied(coded) < copied(plain) / 2, $"{copied(coded)} of {coded.Edges.Count} edges share a domain with a region, {copied(plain)} without");
    }

    [Fact]
    public void ACodePaintsItsSetCellsDarkInsideTheRegionOnly()
    {
        var region = new SignalRegion(0.2, 0.3, 0.6, 0.7);
        const int width = 160, height = 64, code = 0b0110; // cells 1 (top right) and 2 (bottom left)
        var a = GreyImage.FromRgb(EmbryoPainter.Paint([], "lateral", 0.7, width, height, DeterministicRng.For(1, "t"), region, code));
        var b = GreyImage.FromRgb(EmbryoPainter.Paint([], "lateral", 0.7, width, height, DeterministicRng.For(1, "t"), region, code ^ 0b1111));
        var mean = new double[4];
        var count = new int[4];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            int cell = region.CellOf(x, y, width, height);
            if (cell < 0) Assert.Equal(a[x, y], b[x, y]);   // outside the region the two codes paint the same pixels
            else
            {
                mean[cell] += a[x, y];
                count[cell]++;
            }
        }
        for (int c = 0; c < 4; c++) mean[c] /= count[c];
        Assert.True(mean[1] < mean[0] - 40 && mean[2] < mean[3] - 40, string.Join(", ", mean.Select(m => m.ToString("F0"))));
    }
}
