using GrnGpu.Engine;
using GrnGpu.Models;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Models;

/// <summary>The real networks, at the seed's sizes, run end to end on the OpenCL device.</summary>
public class FullSizeForwardTests
{
    [Theory]
    [InlineData(ModelKind.Rna)]
    [InlineData(ModelKind.SdiNet)]
    [InlineData(ModelKind.Fusion)]
    public void FullSizeNetworkPredictsAProbabilityPerSample(ModelKind kind)
    {
        var device = TestDevices.Get("cpu");
        using var model = new Model(NetworkFactory.Create(kind, seed: 1), device);
        var random = new Random(2);
        var inputs = model.Network.Inputs
            .Select(i => Tensor.FromArray(device, i.WithBatch(2), Enumerable.Range(0, i.WithBatch(2).Size).Select(_ => (float)random.NextDouble()).ToArray()))
            .ToArray();
        try
        {
            var p = model.Predict(inputs);
            Assert.Equal(2, p.Length);
            Assert.All(p, v => Assert.True(v > 0f && v < 1f, $"probability {v}"));
            Assert.NotEqual(p[0], p[1]);   // different inputs reach the output
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }
}
