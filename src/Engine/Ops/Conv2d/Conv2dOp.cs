using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Gemm;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Conv2d;

/// <summary>
/// 2-D convolution (see <see cref="Conv2dGeometry"/>) forward and backward through the device's kernel set (the cpu
/// device's implicit GEMMs from a zero-padded copy, the ILGPU device's im2col and tiled GEMMs), or
/// <see cref="Conv2dRef"/> on the reference device. Outputs are preallocated; gradients are overwritten.
/// </summary>
public static class Conv2dOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "conv2d";

    /// <summary>y = conv(x, w) + b.</summary>
    public static void Forward(Conv2dGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y)
    {
        Check(g, "conv2d forward", x, w, b, y);
        x.Device.CountFlops(Flops(g));
        if (x.Device.Kernels is { } k)
        {
            k.Conv2d(g, x.Buffer, w.Buffer, b?.Buffer, y.Buffer);
            return;
        }
        RefBridge.Store(y, Conv2dRef.Forward(g, RefBridge.Load(x), RefBridge.Load(w), b == null ? null : RefBridge.Load(b)));
    }

    /// <summary>dx = dL/dx given dy = dL/dy.</summary>
    public static void BackwardData(Conv2dGeometry g, Tensor dy, Tensor w, Tensor dx)
    {
        Check(g, "conv2d backward data", dx, w, null, dy);
        dy.Device.CountFlops(Flops(g));
        if (dy.Device.Kernels is { } k)
        {
            k.Conv2dBackwardData(g, dy.Buffer, w.Buffer, dx.Buffer);
            return;
        }
        // The reference backward also needs an input; dx does not depend on it, so zeros serve.
        var grads = Conv2dRef.Backward(g, new double[g.InputLength], RefBridge.Load(w), RefBridge.Load(dy), false);
        RefBridge.Store(dx, grads.Input);
    }

    /// <summary>dw = dL/dw and db = dL/db (when the layer has a bias) given the input x and dy = dL/dy.</summary>
    public static void BackwardWeights(Conv2dGeometry g, Tensor x, Tensor dy, Tensor dw, Tensor? db)
    {
        Check(g, "conv2d backward weights", x, dw, db, dy);
        x.Device.CountFlops(Flops(g));
        if (x.Device.Kernels is { } k)
        {
            k.Conv2dBackwardWeights(g, x.Buffer, dy.Buffer, dw.Buffer, db?.Buffer);
            return;
        }
        var grads = Conv2dRef.Backward(g, RefBridge.Load(x), new double[g.WeightLength], RefBridge.Load(dy), db != null);
        RefBridge.Store(dw, grads.Weight);
        if (db != null) RefBridge.Store(db, grads.Bias!);
    }

    /// <summary>Multiply-adds of one pass (forward, data or weight gradient) times two.</summary>
    public static double Flops(Conv2dGeometry g) =>
        2.0 * g.Batch * g.OutChannels * g.OutH * g.OutW * g.InChannels * g.KernelH * g.KernelW;

    private static void Check(Conv2dGeometry g, string op, Tensor x, Tensor w, Tensor? b, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(g);
        OpChecks.SameDevice(op, x, w, b, y);
        OpChecks.Length(op, x, g.InputLength, "input");
        OpChecks.Length(op, w, g.WeightLength, "weight");
        if (b != null) OpChecks.Length(op, b, g.BiasLength, "bias");
        OpChecks.Length(op, y, g.OutputLength, "output");
    }
}
