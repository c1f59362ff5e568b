using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.MaxPool;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.MaxPool;

public class MaxPoolRefTests
{
    private static double[] Ramp(int count, double sign = 1) => Enumerable.Range(1, count).Select(v => sign * v).ToArray();

    [Fact]
    public void Valid2x2Stride2DropsTheOddRowAndColumn()
    {
        var g = Pool2dGeometry.Square(1, 1, 5, 5, pool: 2, stride: 2, Padding.Valid);
        Assert.Equal([7, 9, 17, 19], MaxPoolRef.Forward(g, Ramp(25)));
    }

    [Fact]
    public void Same3x3Stride2PaddingNeverWins()
    {
        // All inputs negative: if padding took part as zeros, border outputs would be 0.
        // 5x5: out 3x3, pad 1 on every side. x(r,c) = -(5r + c + 1).
        var g = Pool2dGeometry.Square(1, 1, 5, 5, pool: 3, stride: 2, Padding.Same);
        Assert.Equal([-1, -2, -4, -6, -7, -9, -16, -17, -19], MaxPoolRef.Forward(g, Ramp(25, -1)));
    }

    [Fact]
    public void Same3x3Stride2EvenInputPadsAfter()
    {
        // 4x4: out 2x2, pad 0 before and 1 after; output (1,1) covers rows/cols 2..4 (4 is padding) -> x(2,2) = -11.
        // With the split reversed it would cover rows/cols 1..3 and give x(1,1) = -6.
        var g = Pool2dGeometry.Square(1, 1, 4, 4, pool: 3, stride: 2, Padding.Same);
        Assert.Equal([-1, -3, -9, -11], MaxPoolRef.Forward(g, Ramp(16, -1)));
    }

    [Fact]
    public void TiesGoToTheFirstPositionInRowMajorOrder()
    {
        var g = Pool2dGeometry.Square(1, 1, 2, 2, pool: 2, stride: 2, Padding.Valid);
        Assert.Equal([1, 0, 0, 0], MaxPoolRef.Backward(g, [5, 5, 5, 5], [1]));
        Assert.Equal([0, 1, 0, 0], MaxPoolRef.Backward(g, [4, 5, 3, 5], [1]));
    }

    [Fact]
    public void OverlappingWindowsAccumulateGradient()
    {
        // 1x3 row, 1x2 windows stride 1: the middle maximum wins both windows.
        var g = new Pool2dGeometry(1, 1, 1, 3, 1, 2, 1, 1, Padding.Valid);
        Assert.Equal([9, 9], MaxPoolRef.Forward(g, [1, 9, 2]));
        Assert.Equal([0, 5, 0], MaxPoolRef.Backward(g, [1, 9, 2], [2, 3]));
    }

    [Theory]
    // batch, channels, h, w, poolH, poolW, strideH, strideW, padding
    [InlineData(1, 3, 7, 9, 2, 2, 2, 2, Padding.Valid)]
    [InlineData(2, 2, 7, 8, 3, 3, 2, 2, Padding.Same)]
    [InlineData(1, 1, 5, 6, 3, 2, 1, 2, Padding.Same)]
    [InlineData(2, 3, 6, 6, 3, 3, 1, 1, Padding.Valid)]   // overlapping windows
    [InlineData(1, 2, 1, 1, 3, 3, 2, 2, Padding.Same)]    // 1x1 map: the window is mostly padding
    public void BackwardMatchesFiniteDifferences(int n, int c, int h, int w, int ph, int pw, int sh, int sw, Padding padding)
    {
        var g = new Pool2dGeometry(n, c, h, w, ph, pw, sh, sw, padding);
        double[] x = TestData.Distinct(g.InputShape.Length, 101);
        double[] r = TestData.Uniform(g.OutputShape.Length, 102);
        double Loss() => TestData.Dot(MaxPoolRef.Forward(g, x), r);
        GradientCheck.Check("dInput", x, MaxPoolRef.Backward(g, x, r), Loss);
    }
}
