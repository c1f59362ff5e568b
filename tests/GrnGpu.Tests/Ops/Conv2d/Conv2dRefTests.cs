using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Conv2d;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.Conv2d;

public class Conv2dRefTests
{
    private static double[] Ramp(int count) => Enumerable.Range(1, count).Select(v => (double)v).ToArray();

    private static double[] OneHotKernel(int kh, int kw, int i, int j)
    {
        var w = new double[kh * kw];
        w[i * kw + j] = 1;
        return w;
    }

    [Fact]
    public void AllOnesKernelSumsTheNeighbourhood()
    {
        var g = Conv2dGeometry.Square(1, 1, 1, 3, 3, kernel: 3);
        double[] y = Conv2dRef.Forward(g, Ramp(9), Enumerable.Repeat(1.0, 9).ToArray(), [0.5]);
        Assert.Equal([12.5, 21.5, 16.5, 27.5, 45.5, 33.5, 24.5, 39.5, 28.5], y);

        var valid = Conv2dGeometry.Square(1, 1, 1, 3, 3, kernel: 3, padding: Padding.Valid);
        Assert.Equal([45.5], Conv2dRef.Forward(valid, Ramp(9), Enumerable.Repeat(1.0, 9).ToArray(), [0.5]));
    }

    [Fact]
    public void IsCrossCorrelationNotConvolution()
    {
        // Tap (0,0) of a 3x3 "same" kernel reads the up-left neighbour: y(r,c) = x(r-1,c-1). A flipped kernel would read x(r+1,c+1).
        var g = Conv2dGeometry.Square(1, 1, 1, 3, 3, kernel: 3);
        Assert.Equal([0, 0, 0, 0, 1, 2, 0, 4, 5], Conv2dRef.Forward(g, Ramp(9), OneHotKernel(3, 3, 0, 0), null));
    }

    [Fact]
    public void SamePaddingStride2EvenInputPutsThePadAfter()
    {
        // 4x4 input 1..16, 3x3 kernel, stride 2: out 2x2, total pad 1 -> top/left 0, bottom/right 1.
        var g = Conv2dGeometry.Square(1, 1, 1, 4, 4, kernel: 3, stride: 2);
        // Tap (0,0) reads x(2r, 2c): no padding before, so these are all real values. With the pad split the
        // other way (1 before) it would read x(2r-1, 2c-1) = [[0,0],[0,6]].
        Assert.Equal([1, 3, 9, 11], Conv2dRef.Forward(g, Ramp(16), OneHotKernel(3, 3, 0, 0), null));
        // Tap (2,2) reads x(2r+2, 2c+2): only (0,0) is inside; the rest is the bottom/right padding.
        Assert.Equal([11, 0, 0, 0], Conv2dRef.Forward(g, Ramp(16), OneHotKernel(3, 3, 2, 2), null));
    }

    [Fact]
    public void SamePaddingStride2OddInputIsSymmetric()
    {
        // 5x5 input 1..25, 3x3 kernel, stride 2: out 3x3, pad 1 on each side; tap (0,0) reads x(2r-1, 2c-1).
        var g = Conv2dGeometry.Square(1, 1, 1, 5, 5, kernel: 3, stride: 2);
        Assert.Equal([0, 0, 0, 0, 7, 9, 0, 17, 19], Conv2dRef.Forward(g, Ramp(25), OneHotKernel(3, 3, 0, 0), null));
        Assert.Equal([7, 9, 0, 17, 19, 0, 0, 0, 0], Conv2dRef.Forward(g, Ramp(25), OneHotKernel(3, 3, 2, 2), null));
    }

    [Fact]
    public void DilationSpacesTheTaps()
    {
        // 5x5, 3x3 kernel dilation 2, valid: a single output reading x(0,0), x(0,2) ... x(4,4) with weights 1..9.
        var g = Conv2dGeometry.Square(1, 1, 1, 5, 5, kernel: 3, dilation: 2, padding: Padding.Valid);
        double[] x = Ramp(25);
        double expected = 0;
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            expected += (i * 3 + j + 1) * x[(2 * i) * 5 + 2 * j];
        Assert.Equal([expected], Conv2dRef.Forward(g, x, Ramp(9), null));
        Assert.Equal(1 * 1 + 2 * 3 + 3 * 5 + 4 * 11 + 5 * 13 + 6 * 15 + 7 * 21 + 8 * 23 + 9 * 25, expected);
    }

    [Fact]
    public void ChannelsAndBatchUseTheirOwnWeights()
    {
        // 1x1 conv: y[n,o] = sum_c w[o,c] x[n,c] + b[o] on a 1x1 map.
        var g = Conv2dGeometry.Square(2, 2, 3, 1, 1, kernel: 1);
        double[] x = [1, 2, 3, 4];                 // n0: (1,2), n1: (3,4)
        double[] w = [1, 0, 0, 1, 1, -1];           // o0 = c0, o1 = c1, o2 = c0 - c1
        Assert.Equal([1.5, 2.5, -0.5, 3.5, 4.5, -0.5], Conv2dRef.Forward(g, x, w, [0.5, 0.5, 0.5]));
    }

    [Fact]
    public void WrongArrayLengthIsRejected()
    {
        var g = Conv2dGeometry.Square(1, 2, 3, 4, 4, kernel: 3);
        Assert.Throws<ArgumentException>(() => Conv2dRef.Forward(g, new double[31], new double[54], null));
        Assert.Throws<ArgumentException>(() => Conv2dRef.Forward(g, new double[32], new double[54], new double[2]));
    }

    [Theory]
    // batch, cin, cout, h, w, kh, kw, stride, dilation, padding, bias
    [InlineData(1, 3, 2, 5, 5, 3, 3, 1, 1, Padding.Same, true)]
    [InlineData(2, 2, 3, 7, 6, 3, 3, 2, 1, Padding.Same, true)]      // stride 2, odd height
    [InlineData(1, 2, 2, 10, 10, 3, 3, 1, 9, Padding.Same, true)]    // dilation 9 on a small map: most taps in padding
    [InlineData(1, 2, 3, 11, 13, 7, 7, 2, 1, Padding.Same, true)]    // 7x7 stride 2, odd sizes
    [InlineData(2, 5, 3, 4, 3, 1, 1, 1, 1, Padding.Same, false)]     // 1x1, no bias
    [InlineData(1, 3, 4, 7, 7, 1, 1, 2, 1, Padding.Same, true)]      // 1x1 stride 2 (residual shortcut)
    [InlineData(1, 3, 2, 9, 8, 3, 3, 2, 1, Padding.Valid, true)]
    [InlineData(1, 1, 2, 7, 7, 3, 3, 1, 2, Padding.Valid, true)]
    [InlineData(3, 2, 1, 6, 6, 2, 3, 2, 1, Padding.Same, true)]      // rectangular even kernel, even input
    [InlineData(1, 1, 1, 1, 1, 3, 3, 1, 1, Padding.Same, true)]      // 1x1 map
    public void BackwardMatchesFiniteDifferences(
        int batch, int cin, int cout, int h, int w, int kh, int kw, int stride, int dilation, Padding padding, bool hasBias)
    {
        var g = new Conv2dGeometry(batch, cin, cout, h, w, kh, kw, stride, stride, dilation, dilation, padding);
        double[] x = TestData.Uniform(g.InputLength, 1);
        double[] wt = TestData.Uniform(g.WeightLength, 2);
        double[]? b = hasBias ? TestData.Uniform(g.BiasLength, 3) : null;
        double[] r = TestData.Uniform(g.OutputLength, 4);
        double Loss() => TestData.Dot(Conv2dRef.Forward(g, x, wt, b), r);

        Conv2dGradients grads = Conv2dRef.Backward(g, x, wt, r, hasBias);
        GradientCheck.Check("dInput", x, grads.Input, Loss);
        GradientCheck.Check("dWeight", wt, grads.Weight, Loss);
        if (b != null) GradientCheck.Check("dBias", b, grads.Bias!, Loss);
        else Assert.Null(grads.Bias);
    }
}
