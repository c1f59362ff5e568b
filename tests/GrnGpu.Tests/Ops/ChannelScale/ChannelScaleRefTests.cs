using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.ChannelScale;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.ChannelScale;

/// <summary>The squeeze-excitation channel scale reference: values and gradients (finite differences).</summary>
public class ChannelScaleRefTests
{
    [Fact]
    public void ChannelScaleMultipliesEachPlane()
    {
        var shape = new NchwShape(2, 2, 1, 2);
        Assert.Equal([2, 4, -3, -4, 0, 0, 70, 80],
            ChannelScaleRef.Forward(shape, [1, 2, 3, 4, 5, 6, 7, 8], [2, -1, 0, 10]));
    }

    [Theory]
    [InlineData(2, 3, 4, 5)]
    [InlineData(1, 5, 1, 1)]
    [InlineData(3, 7, 3, 2)]
    public void ChannelScaleBackwardMatchesFiniteDifferences(int n, int c, int h, int w)
    {
        var shape = new NchwShape(n, c, h, w);
        double[] x = TestData.Uniform(shape.Length, 71), s = TestData.Uniform(n * c, 72), r = TestData.Uniform(shape.Length, 73);
        double Loss() => TestData.Dot(ChannelScaleRef.Forward(shape, x, s), r);
        var (dx, ds) = ChannelScaleRef.Backward(shape, x, s, r);
        GradientCheck.Check("dInput", x, dx, Loss);
        GradientCheck.Check("dScale", s, ds, Loss);
    }
}
