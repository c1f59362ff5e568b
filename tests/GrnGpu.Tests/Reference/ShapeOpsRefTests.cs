using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Add;
using GrnGpu.Engine.Ops.Broadcast;
using GrnGpu.Engine.Ops.ChannelScale;
using GrnGpu.Engine.Ops.Concat;
using GrnGpu.Engine.Ops.GlobalAvgPool;

namespace GrnGpu.Tests.Reference;

/// <summary>Add, channel concatenation, squeeze-excitation channel scale, spatial broadcast and global average pool.</summary>
public class ShapeOpsRefTests
{
    [Fact]
    public void AddAndItsGradient()
    {
        Assert.Equal([4, 1, -1], AddRef.Forward([1, 2, 3], [3, -1, -4]));
        double[] a = TestData.Uniform(17, 51), b = TestData.Uniform(17, 52), r = TestData.Uniform(17, 53);
        double Loss() => TestData.Dot(AddRef.Forward(a, b), r);
        var (da, db) = AddRef.Backward(r);
        GradientCheck.Check("dA", a, da, Loss);
        GradientCheck.Check("dB", b, db, Loss);
        Assert.Throws<ArgumentException>(() => AddRef.Forward([1, 2], [1]));
    }

    [Fact]
    public void ConcatPlacesEachInputAtItsChannelOffset()
    {
        // N=2, H=1, W=2; inputs with 1 and 2 channels.
        var g = new ConcatGeometry(2, 1, 2, [1, 2]);
        double[] a = [1, 2, 3, 4];                       // n0c0: 1 2 | n1c0: 3 4
        double[] b = [10, 11, 12, 13, 14, 15, 16, 17];   // n0: c0 10 11, c1 12 13 | n1: c0 14 15, c1 16 17
        Assert.Equal([1, 2, 10, 11, 12, 13, 3, 4, 14, 15, 16, 17], ConcatRef.Forward(g, [a, b]));
        double[][] split = ConcatRef.Backward(g, [1, 2, 10, 11, 12, 13, 3, 4, 14, 15, 16, 17]);
        Assert.Equal(a, split[0]);
        Assert.Equal(b, split[1]);
    }

    [Fact]
    public void ConcatBackwardMatchesFiniteDifferences()
    {
        var g = new ConcatGeometry(3, 5, 3, [2, 1, 7, 3]);
        double[][] inputs = Enumerable.Range(0, g.Count).Select(k => TestData.Uniform(g.InputShape(k).Length, 60 + k)).ToArray();
        double[] r = TestData.Uniform(g.OutputShape.Length, 59);
        double Loss() => TestData.Dot(ConcatRef.Forward(g, inputs), r);
        double[][] grads = ConcatRef.Backward(g, r);
        for (int k = 0; k < g.Count; k++) GradientCheck.Check($"dInput{k}", inputs[k], grads[k], Loss);
    }

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
