using GrnGpu.Models.Layers;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Models;

public class InitializationTests
{
    [Fact]
    public void ConvKernelsAreGlorotUniformWithReceptiveFieldFans()
    {
        var network = new RnaNet();
        var kernel = network.Parameters.Single(p => p.Name == "rna/stage2/conv1/conv/kernel");   // (64, 32, 3, 3)
        double limit = Math.Sqrt(6.0 / (32 * 9 + 64 * 9));
        Assert.All(kernel.Initial, v => Assert.InRange(v, -limit, limit));
        // U(-a, a) has variance a^2 / 3; 18,432 draws put the sample variance within a few percent.
        double variance = kernel.Initial.Select(v => (double)v * v).Average();
        Assert.InRange(variance / (limit * limit / 3), 0.95, 1.05);
        Assert.True(kernel.Initial.Max() > 0.98 * limit && kernel.Initial.Min() < -0.98 * limit, "draws should span the whole interval");
    }

    [Fact]
    public void DenseKernelsUseInAndOutAsFans()
    {
        var dense = new FusionNet().Parameters.Single(p => p.Name == "head/kernel");   // (128, 1280)
        Assert.Equal([128, 1280], dense.Shape.Dims.ToArray());
        double limit = Math.Sqrt(6.0 / (1280 + 128));
        Assert.All(dense.Initial, v => Assert.InRange(v, -limit, limit));
        Assert.True(dense.Initial.Max() > 0.98 * limit);
    }

    [Fact]
    public void BiasesAndBatchNormStartAsKeras()
    {
        var network = new SdiNet();
        foreach (var p in network.Parameters)
        {
            float expected = p.Name.EndsWith("/gamma") || p.Name.EndsWith("/moving_variance") ? 1f : 0f;
            if (p.Name.EndsWith("/kernel")) continue;
            Assert.All(p.Initial, v => Assert.Equal(expected, v));
        }
    }

    [Fact]
    public void TheSeedFixesTheInitialValuesAndChangesThem()
    {
        float[] Kernel(int seed) => new RnaNet(seed: seed).Parameters.Single(p => p.Name == "output/kernel").Initial;
        Assert.Equal(Kernel(7), Kernel(7));
        Assert.NotEqual(Kernel(7), Kernel(8));
        // Different layers draw from different streams.
        var network = new RnaNet(seed: 7);
        var a = network.Parameters.Single(p => p.Name == "rna/aspp/3x3_rate3/conv/kernel").Initial;
        var b = network.Parameters.Single(p => p.Name == "rna/aspp/3x3_rate6/conv/kernel").Initial;
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void SmallVariantsKeepEveryLayerKind()
    {
        foreach (var kind in GrnGpu.Models.ModelKinds.All)
        {
            var full = NetworkFactory.Create(kind).Summarize().Rows.Select(r => r.Type).ToHashSet();
            var small = NetworkFactory.Create(kind, NetworkDimensions.Small).Summarize();
            Assert.Equal(full, small.Rows.Select(r => r.Type).ToHashSet());
            Assert.True(small.TrainableCount < 40_000, $"{kind} small variant has {small.TrainableCount} parameters");
        }
    }
}
