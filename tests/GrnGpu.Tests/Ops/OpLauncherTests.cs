using GrnGpu.Engine;
using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Activation;
using GrnGpu.Engine.Ops.Axpy;
using GrnGpu.Engine.Ops.BatchNorm;
using GrnGpu.Engine.Ops.BinaryCrossEntropy;
using GrnGpu.Engine.Ops.ChannelScale;
using GrnGpu.Engine.Ops.Concat;
using GrnGpu.Engine.Ops.Dropout;
using GrnGpu.Engine.Ops.GlobalAvgPool;
using GrnGpu.Engine.Ops.MaxPool;

namespace GrnGpu.Tests.Ops;

/// <summary>Launcher behaviour beyond numerics: argument checks, in-place use, accumulation, the dropout contract at scale.</summary>
public class OpLauncherTests
{
    [Theory, MemberData(nameof(TestDevices.AllKinds), MemberType = typeof(TestDevices))]
    public void WrongShapesAreRejectedBeforeAnyLaunch(string kind)
    {
        var device = TestDevices.Get(kind);
        using var x = Tensor.Zeros(device, new Shape(2, 3, 4, 5));
        using var small = Tensor.Zeros(device, new Shape(2, 4));
        using var wrong = Tensor.Zeros(device, new Shape(7));
        Assert.Throws<ArgumentException>(() => ReluOp.Forward(x, wrong));
        Assert.Throws<ArgumentException>(() => ChannelScaleOp.Forward(x, small, x));
        Assert.Throws<ArgumentException>(() => ConcatOp.Forward([x, x], x));
        Assert.Throws<ArgumentException>(() => GlobalAvgPoolOp.Forward(x, small));
        Assert.Throws<ArgumentException>(() => BatchNormOp.ForwardInference(x, small, small, small, small, x, BatchNormSettings.Keras));
        var g = Pool2dGeometry.Square(2, 3, 4, 5, 2, 2, Padding.Valid);
        Assert.Throws<ArgumentException>(() => MaxPoolOp.Forward(g, x, wrong, wrong));
        Assert.Throws<ArgumentException>(() => DropoutOp.Forward(x, x, 1.0, 1, training: true));
        Assert.Throws<ArgumentException>(() => BinaryCrossEntropyOp.Forward(small, small, wrong));
    }

    [Theory, MemberData(nameof(TestDevices.AllKinds), MemberType = typeof(TestDevices))]
    public void ElementWiseOpsRunInPlaceAndAddIntoAccumulates(string kind)
    {
        var device = TestDevices.Get(kind);
        float[] values = [-2, -0.5f, 0, 0.5f, 3];
        using var x = Tensor.FromArray(device, new Shape(5), values);
        ReluOp.Forward(x, x);
        Assert.Equal(new float[] { 0, 0, 0, 0.5f, 3 }, x.ToArray());
        using var acc = Tensor.Full(device, new Shape(5), 1f);
        AxpyOp.AddInto(acc, x);
        AxpyOp.AddInto(acc, x);
        Assert.Equal(new float[] { 1, 1, 1, 2, 7 }, acc.ToArray());
        AxpyOp.Axpy(acc, x, -2);
        Assert.Equal(new float[] { 1, 1, 1, 1, 1 }, acc.ToArray());
    }

    [Theory, MemberData(nameof(TestDevices.AllKinds), MemberType = typeof(TestDevices))]
    public void DropoutKeepsTheRightFractionAndTheSeedMatters(string kind)
    {
        var device = TestDevices.Get(kind);
        const int n = 1 << 17;
        using var ones = Tensor.Full(device, new Shape(n), 1f);
        using var a = Tensor.Empty(device, new Shape(n));
        using var b = Tensor.Empty(device, new Shape(n));
        DropoutOp.Forward(ones, a, 0.3, 11, training: true);
        DropoutOp.Forward(ones, b, 0.3, 12, training: true);
        float[] av = a.ToArray(), bv = b.ToArray();
        double kept = av.Count(v => v != 0) / (double)n;
        Assert.InRange(kept, 0.7 - 0.01, 0.7 + 0.01);   // 0.01 is ~7 standard deviations of a binomial proportion
        Assert.All(av.Where(v => v != 0), v => Assert.Equal((float)(1 / 0.7), v));
        int same = 0;
        for (int i = 0; i < n; i++) if ((av[i] != 0) == (bv[i] != 0)) same++;
        Assert.InRange(same / (double)n, 0.58 - 0.01, 0.58 + 0.01);   // independent masks agree with p = 0.7^2 + 0.3^2
        for (int i = 0; i < n; i += 997) Assert.Equal(DropoutMask.Keep(11, i, 0.3), av[i] != 0);
    }

    [Fact]
    public void MaxPoolTapsNameWindowPositionsBothWays()
    {
        var g = Pool2dGeometry.Square(2, 3, 9, 11, 3, 2, Padding.Same);
        var input = Enumerable.Range(0, g.InputShape.Length).Select(i => Math.Sin(i * 0.7)).ToArray();
        int[] argmax = MaxPoolRef.Argmax(g, input);
        for (int o = 0; o < argmax.Length; o++)
        {
            int tap = MaxPoolOp.TapOf(g, o, argmax[o]);
            Assert.InRange(tap, 0, 8);
            Assert.Equal(argmax[o], MaxPoolOp.InputOf(g, o, tap));
        }
        // Output (0, 0) of a same-padded 3x3 window starts one row and column before the input: tap 0 is padding.
        Assert.Throws<ArgumentException>(() => MaxPoolOp.InputOf(g, 0, 0));
    }

    [Fact]
    public void TheLossClipBoundsMatchTheDoubleComparisons()
    {
        float lo = BinaryCrossEntropyOp.LowerBound, hi = BinaryCrossEntropyOp.UpperBound;
        Assert.True(lo >= 1e-7 && MathF.BitDecrement(lo) < 1e-7);
        Assert.True(hi <= 1 - 1e-7 && MathF.BitIncrement(hi) > 1 - 1e-7);
    }
}
