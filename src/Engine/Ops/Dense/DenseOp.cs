using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Gemm;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Dense;

/// <summary>
/// Fully connected layer y = x W^T + b (see <see cref="DenseGeometry"/>) on <see cref="GemmOp"/> and the bias
/// kernels, or <see cref="DenseRef"/> on the reference device. Outputs are preallocated; gradients are overwritten.
/// </summary>
internal static class DenseOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "dense";

    public static void Forward(DenseGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(g);
        Check(g, "dense forward", x, w, b, y);
        x.Device.CountFlops(2.0 * g.Batch * g.InFeatures * g.OutFeatures);
        if (x.Device.Kernels is { } k)
        {
            // (batch x in) times W^T, W stored (out x in).
            k.Gemm(new GemmCall(g.Batch, g.OutFeatures, g.InFeatures, x.Buffer, 0, g.InFeatures, false, w.Buffer, 0, g.InFeatures, true,
                y.Buffer, 0, g.OutFeatures));
            if (b != null) k.AddChannelBias(y.Buffer, b.Buffer, g.OutFeatures, 1);
            return;
        }
        RefBridge.Store(y, DenseRef.Forward(g, RefBridge.Load(x), RefBridge.Load(w), b == null ? null : RefBridge.Load(b)));
    }

    /// <summary>dx = dy W, dW = dy^T x, db = column sums of dy (when the layer has a bias).</summary>
    public static void Backward(DenseGeometry g, Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor? db)
    {
        ArgumentNullException.ThrowIfNull(g);
        Check(g, "dense backward", x, w, db, dy);
        OpChecks.SameDevice("dense backward", x, dx, dw);
        OpChecks.Length("dense backward", dx, g.InputLength, "input gradient");
        OpChecks.Length("dense backward", dw, g.WeightLength, "weight gradient");
        x.Device.CountFlops(4.0 * g.Batch * g.InFeatures * g.OutFeatures);
        if (x.Device.Kernels is { } k)
        {
            k.Gemm(new GemmCall(g.Batch, g.InFeatures, g.OutFeatures, dy.Buffer, 0, g.OutFeatures, false, w.Buffer, 0, g.InFeatures, false,
                dx.Buffer, 0, g.InFeatures));
            // dy stored (batch x out) is the transpose of the (out x batch) left operand.
            k.Gemm(new GemmCall(g.OutFeatures, g.InFeatures, g.Batch, dy.Buffer, 0, g.OutFeatures, true, x.Buffer, 0, g.InFeatures, false,
                dw.Buffer, 0, g.InFeatures));
            if (db != null) k.ChannelBiasSum(dy.Buffer, db.Buffer, g.Batch, g.OutFeatures, 1);
            return;
        }
        var grads = DenseRef.Backward(g, RefBridge.Load(x), RefBridge.Load(w), RefBridge.Load(dy), db != null);
        RefBridge.Store(dx, grads.Input);
        RefBridge.Store(dw, grads.Weight);
        if (db != null) RefBridge.Store(db, grads.Bias!);
    }

    private static void Check(DenseGeometry g, string op, Tensor x, Tensor w, Tensor? b, Tensor y)
    {
        OpChecks.SameDevice(op, x, w, b, y);
        OpChecks.Length(op, x, g.InputLength, "input");
        OpChecks.Length(op, w, g.WeightLength, "weight");
        if (b != null) OpChecks.Length(op, b, g.OutFeatures, "bias");
        OpChecks.Length(op, y, g.OutputLength, "output");
    }
}
