using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.GlobalAvgPool;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.GlobalAvgPool;

/// <summary>The global average pool reference: values and gradients (finite differences).</summary>
public class GlobalAvgPoolRefTests
{
    [Fact]
    public void GlobalAveragePoolAveragesEachPlane()
    {
        var shape = new NchwShape(2, 1, 2, 2);
        Assert.Equal([2.5, -1], GlobalAvgPoolRef.Forward(shape, [1, 2, 3, 4, -1, -1, -2, 0]));
        Assert.Equal([0.25, 0.25, 0.25, 0.25, 2, 2, 2, 2], GlobalAvgPoolRef.Backward(shape, [1, 8]));
    }

    [Theory]
    [InlineData(2, 3, 5, 7)]
    [InlineData(1, 4, 1, 1)]
    public void GlobalAveragePoolBackwardMatchesFiniteDifferences(int n, int c, int h, int w)
    {
        var shape = new NchwShape(n, c, h, w);
        double[] x = TestData.Uniform(shape.Length, 91), r = TestData.Uniform(n * c, 92);
        double Loss() => TestData.Dot(GlobalAvgPoolRef.Forward(shape, x), r);
        GradientCheck.Check("dInput", x, GlobalAvgPoolRef.Backward(shape, r), Loss);
    }
}
