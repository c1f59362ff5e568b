using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Shared;
using GrnGpu.Engine.GradCheck;
using GrnGpu.Engine.Ops.Gemm;

namespace GrnGpu.Engine.Ops.Conv2d;

/// <summary>
/// Conv2dOp's forward, data gradient, weight gradient and bias gradient against <see cref="Conv2dRef"/> on
/// awkward shapes: odd sizes, batch 1, channel counts that are not multiples of any tile, stride 2 on odd
/// inputs, dilation 9 on a small map, the 7x7 stride-2 stem, pointwise and strided 1x1, valid padding, and shapes
/// that take each of the cpu device's ways to a convolution's windows (wide, compact, gathered: see the cases).
///
/// Tolerance: every output is a float32 sum of T products (forward: T = Cin*KH*KW + 1 with the bias; data
/// gradient: Cout products per column entry, then up to KH*KW column entries folded; weight gradient:
/// Batch*OH*OW products; bias gradient: Batch*OH*OW terms). Each float operation adds a relative error of at
/// most u = 2^-24 to a partial sum no larger than the sum of |terms|, so |error| &lt;= (T + 1) u sum|terms|
/// (the +1: the reference's double result rounded to float for comparison does not count, but the device's
/// final store of alpha*acc does). We allow 2 (T + 2) u sum|terms|: a rigorous bound with room, while a missing,
/// doubled or misplaced term errs by about sum|terms| / T, far above it for every case here.
/// </summary>
internal static class Conv2dChecks
{
    public static IEnumerable<OpCheck> All()
    {
        foreach (var c in Cases())
            yield return new OpCheck(Conv2dOp.Name, c.Name, (device, seed) => Run(device, seed, c));
    }

    /// <summary>One shape.</summary>
    internal sealed record ConvCase(string Name, Conv2dGeometry G, bool Bias = true);

    internal static IEnumerable<ConvCase> Cases()
    {
        yield return new ConvCase("3->5 9x7 k3 same b2", Conv2dGeometry.Square(2, 3, 5, 9, 7, 3));
        yield return new ConvCase("17->33 9x11 k3 s2 same b1", Conv2dGeometry.Square(1, 17, 33, 9, 11, 3, stride: 2));
        yield return new ConvCase("2->3 11x13 k3 d9 same", Conv2dGeometry.Square(2, 2, 3, 11, 13, 3, dilation: 9));
        yield return new ConvCase("stem 2->32 15x21 k7 s2 same", Conv2dGeometry.Square(2, 2, 32, 15, 21, 7, stride: 2));
        yield return new ConvCase("4->6 5x7 k1 pointwise b3", Conv2dGeometry.Square(3, 4, 6, 5, 7, 1), Bias: false);
        yield return new ConvCase("5->4 7x9 k1 s2 valid", Conv2dGeometry.Square(2, 5, 4, 7, 9, 1, stride: 2, padding: Padding.Valid));
        yield return new ConvCase("3->7 10x9 k3 valid no bias", Conv2dGeometry.Square(2, 3, 7, 10, 9, 3, padding: Padding.Valid), Bias: false);
        yield return new ConvCase("3->4 12x11 k5x3 s2x1 d1x2 same",
            new Conv2dGeometry(2, 3, 4, 12, 11, 5, 3, strideH: 2, strideW: 1, dilationH: 1, dilationW: 2));
        // The cpu device's three ways to its windows: wide products over a padded copy (phase rows at most a quarter
        // longer than output rows: 5x37, 6x16, 3x40 ...), compact ones packed by row copies from the padded copy (dilated
        // or strided windows on small planes: d9 on 11x13, the 7x7 stride-2 stem, 64->128 on 3x5, the two below), and the
        // window gather of shallow forwards (depth under 32: 3->5, 9x34 valid, the 3-channel forward of 3->100). On odd
        // widths and plane sizes (panels that end past the plane), one register panel or several with a part-filled last
        // one (101), the weight gradient over several images per product (small planes) or one (24x24).
        yield return new ConvCase("3->4 5x37 k3 same wide", Conv2dGeometry.Square(2, 3, 4, 5, 37, 3));
        yield return new ConvCase("6->5 8x9 k3 b3 one image per chunk", Conv2dGeometry.Square(3, 6, 5, 8, 9, 3));
        yield return new ConvCase("5->7 6x16 k3 same b1 implicit", Conv2dGeometry.Square(1, 5, 7, 6, 16, 3));
        yield return new ConvCase("7->13 5x29 k3 d2 same implicit", Conv2dGeometry.Square(2, 7, 13, 5, 29, 3, dilation: 2));
        yield return new ConvCase("4->6 6x45 k5x3 d3x1 implicit",
            new Conv2dGeometry(2, 4, 6, 6, 45, 5, 3, strideH: 1, strideW: 1, dilationH: 3, dilationW: 1));
        yield return new ConvCase("99->101 3x40 k3 implicit channel pairs", Conv2dGeometry.Square(1, 99, 101, 3, 40, 3));
        yield return new ConvCase("2->3 9x34 k3 valid shallow", Conv2dGeometry.Square(2, 2, 3, 9, 34, 3, padding: Padding.Valid));
        yield return new ConvCase("5->7 6x8 k3 b2 implicit", Conv2dGeometry.Square(2, 5, 7, 6, 8, 3));
        yield return new ConvCase("3->100 4x10 k3 implicit data gradient", Conv2dGeometry.Square(1, 3, 100, 4, 10, 3));
        yield return new ConvCase("4->3 5x20 k3 b3 implicit forward chunked", Conv2dGeometry.Square(3, 4, 3, 5, 20, 3));
        yield return new ConvCase("5->64 4x7 k3 b2 implicit 64-channel blocks", Conv2dGeometry.Square(2, 5, 64, 4, 7, 3));
        yield return new ConvCase("64->128 3x5 k3 implicit 64-channel blocks", Conv2dGeometry.Square(1, 64, 128, 3, 5, 3));
        yield return new ConvCase("33->17 7x9 k3 d3 b1 compact", Conv2dGeometry.Square(1, 33, 17, 7, 9, 3, dilation: 3));
        yield return new ConvCase("40->24 11x13 k3 s2 d2 b3 compact", Conv2dGeometry.Square(3, 40, 24, 11, 13, 3, stride: 2, dilation: 2));
        yield return new ConvCase("2->3 16x20 k3 b2 split depth", Conv2dGeometry.Square(2, 2, 3, 16, 20, 3));
        yield return new ConvCase("2->3 24x24 k3 b2 split depth per chunk", Conv2dGeometry.Square(2, 2, 3, 24, 24, 3));
    }

    private static IEnumerable<OpCheckResult> Run(ComputeDevice device, int seed, ConvCase c)
    {
        var (name, g, hasBias) = c;
        var r = new Random(seed);
        var (xf, xd) = OpCompare.Random(r, g.InputLength);
        var (wf, wd) = OpCompare.Random(r, g.WeightLength);
        var (bf, bd) = OpCompare.Random(r, g.BiasLength);
        var (dyf, dyd) = OpCompare.Random(r, g.OutputLength);
        double[]? bias = hasBias ? bd : null;

        using var x = Tensor.FromArray(device, new Shape(g.Batch, g.InChannels, g.InH, g.InW), xf);
        using var w = Tensor.FromArray(device, new Shape(g.OutChannels, g.InChannels, g.KernelH, g.KernelW), wf);
        using var b = hasBias ? Tensor.FromArray(device, new Shape(g.OutChannels), bf) : null;
        using var dy = Tensor.FromArray(device, new Shape(g.Batch, g.OutChannels, g.OutH, g.OutW), dyf);
        using var y = Tensor.Full(device, dy.Shape, float.NaN);   // NaN: a pass that leaves an element unwritten fails
        using var dx = Tensor.Full(device, x.Shape, float.NaN);
        using var dw = Tensor.Full(device, w.Shape, float.NaN);
        using var db = Tensor.Full(device, new Shape(g.OutChannels), float.NaN);

        Conv2dOp.Forward(g, x, w, b, y);
        Conv2dOp.BackwardData(g, dy, w, dx);
        Conv2dOp.BackwardWeights(g, x, dy, dw, hasBias ? db : null);

        double[] Abs(double[] v) => Array.ConvertAll(v, Math.Abs);
        var expected = Conv2dRef.Backward(g, xd, wd, dyd, hasBias);
        var scale = Conv2dRef.Backward(g, Abs(xd), Abs(wd), Abs(dyd), hasBias);
        int taps = g.InChannels * g.KernelH * g.KernelW, outputs = g.Batch * g.OutH * g.OutW;

        yield return OpCompare.Scaled($"{Conv2dOp.Name} forward", name, device, y.ToArray(), Conv2dRef.Forward(g, xd, wd, bias),
            Conv2dRef.Forward(g, Abs(xd), Abs(wd), bias == null ? null : Abs(bias)), Tolerance(device, taps + 1));
        yield return OpCompare.Scaled($"{Conv2dOp.Name} d/dx", name, device, dx.ToArray(), expected.Input, scale.Input,
            Tolerance(device, g.OutChannels + g.KernelH * g.KernelW));
        yield return OpCompare.Scaled($"{Conv2dOp.Name} d/dw", name, device, dw.ToArray(), expected.Weight, scale.Weight, Tolerance(device, outputs));
        if (hasBias)
            yield return OpCompare.Scaled($"{Conv2dOp.Name} d/db", name, device, db.ToArray(), expected.Bias!, scale.Bias!, Tolerance(device, outputs));
    }

    /// <summary>2 (T + 2) u for a float sum of T terms (see the class comment), wider for TF32 products.</summary>
    private static double Tolerance(ComputeDevice device, int terms) => ProductTolerance.On(device, terms);
}
