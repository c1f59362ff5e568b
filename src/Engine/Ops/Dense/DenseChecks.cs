using GrnGpu.Engine.Ops.Shared;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.Dense;

/// <summary>
/// DenseOp forward and backward against <see cref="DenseRef"/>, on sizes that fit no tile (odd, 1, primes).
/// Tolerance 2 (T + 2) u sum|terms| for float sums of T terms, as argued in <see cref="Conv2dChecks"/>:
/// forward T = in + 1 (bias), dx T = out, dW and db T = batch.
/// </summary>
internal static class DenseChecks
{

    public static IEnumerable<OpCheck> All()
    {
        yield return Case("batch 1, 37 -> 3", new DenseGeometry(1, 37, 3));
        yield return Case("batch 7, 130 -> 17", new DenseGeometry(7, 130, 17));
        yield return Case("batch 33, 64 -> 1 no bias", new DenseGeometry(33, 64, 1), bias: false);
    }

    private static OpCheck Case(string name, DenseGeometry g, bool bias = true) =>
        new(DenseOp.Name, name, (device, seed) => Run(device, seed, name, g, bias));

    private static IEnumerable<OpCheckResult> Run(ComputeDevice device, int seed, string name, DenseGeometry g, bool hasBias)
    {
        var r = new Random(seed);
        var (xf, xd) = OpCompare.Random(r, g.InputLength);
        var (wf, wd) = OpCompare.Random(r, g.WeightLength);
        var (bf, bd) = OpCompare.Random(r, g.OutFeatures);
        var (dyf, dyd) = OpCompare.Random(r, g.OutputLength);
        double[]? bias = hasBias ? bd : null;

        using var x = Tensor.FromArray(device, new Shape(g.Batch, g.InFeatures), xf);
        using var w = Tensor.FromArray(device, new Shape(g.OutFeatures, g.InFeatures), wf);
        using var b = hasBias ? Tensor.FromArray(device, new Shape(g.OutFeatures), bf) : null;
        using var dy = Tensor.FromArray(device, new Shape(g.Batch, g.OutFeatures), dyf);
        using var y = Tensor.Full(device, dy.Shape, float.NaN);
        using var dx = Tensor.Full(device, x.Shape, float.NaN);
        using var dw = Tensor.Full(device, w.Shape, float.NaN);
        using var db = Tensor.Full(device, new Shape(g.OutFeatures), float.NaN);
        DenseOp.Forward(g, x, w, b, y);
        DenseOp.Backward(g, x, w, dy, dx, dw, hasBias ? db : null);

        double[] Abs(double[] v) => Array.ConvertAll(v, Math.Abs);
        var expected = DenseRef.Backward(g, xd, wd, dyd, hasBias);
        var scale = DenseRef.Backward(g, Abs(xd), Abs(wd), Abs(dyd), hasBias);
        yield return OpCompare.Scaled($"{DenseOp.Name} forward", name, device, y.ToArray(), DenseRef.Forward(g, xd, wd, bias),
            DenseRef.Forward(g, Abs(xd), Abs(wd), bias == null ? null : Abs(bias)), ProductTolerance.On(device, g.InFeatures + 1));
        yield return OpCompare.Scaled($"{DenseOp.Name} d/dx", name, device, dx.ToArray(), expected.Input, scale.Input, ProductTolerance.On(device, g.OutFeatures));
        yield return OpCompare.Scaled($"{DenseOp.Name} d/dw", name, device, dw.ToArray(), expected.Weight, scale.Weight, ProductTolerance.On(device, g.Batch));
        if (hasBias)
            yield return OpCompare.Scaled($"{DenseOp.Name} d/db", name, device, db.ToArray(), expected.Bias!, scale.Bias!, ProductTolerance.On(device, g.Batch));
    }


}
