using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Broadcast;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.Broadcast;

/// <summary>The spatial broadcast reference: values and gradients (finite differences).</summary>
public class BroadcastRefTests
{
    [Fact]
    public void BroadcastRepeatsOverThePlaneAndBackwardSums()
    {
        var target = new NchwShape(1, 2, 2, 2);
        Assert.Equal([3, 3, 3, 3, -1, -1, -1, -1], BroadcastRef.Forward(target, [3, -1]));
        Assert.Equal([10, 26], BroadcastRef.Backward(target, [1, 2, 3, 4, 5, 6, 7, 8]));
    }

    [Theory]
    [InlineData(2, 3, 4, 5)]
    [InlineData(1, 1, 7, 3)]
    public void BroadcastBackwardMatchesFiniteDifferences(int n, int c, int h, int w)
    {
        var target = new NchwShape(n, c, h, w);
        double[] x = TestData.Uniform(n * c, 81), r = TestData.Uniform(target.Length, 82);
        double Loss() => TestData.Dot(BroadcastRef.Forward(target, x), r);
        GradientCheck.Check("dInput", x, BroadcastRef.Backward(target, r), Loss);
    }
}
