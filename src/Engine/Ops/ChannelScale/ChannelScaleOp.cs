using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.ChannelScale;

/// <summary>
/// Squeeze-excitation's channel-wise multiply: y (N, C, H, W) = x (N, C, H, W) * s (N, C), s broadcast over H, W.
/// The gradient of s is a per-(n, c) reduction over H*W: the kernel set's row dot products.
/// </summary>
internal static class ChannelScaleOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "channel_scale";

    public static void Forward(Tensor x, Tensor scale, Tensor y)
    {
        var shape = Check("channel scale", x, scale, y);
        if (x.Device.Kernels is { } k) k.ChannelScale(x.Buffer, scale.Buffer, y.Buffer, shape.PlaneSize, shape.Length);
        else
            RefBridge.Store(y, ChannelScaleRef.Forward(shape, RefBridge.Load(x), RefBridge.Load(scale)));
    }

    /// <summary>dx = dy * s[n, c]; dScale[n, c] = sum over H, W of dy * x.</summary>
    public static void Backward(Tensor x, Tensor scale, Tensor dy, Tensor dx, Tensor dScale)
    {
        var shape = Check("channel scale backward", x, scale, dy);
        OpChecks.Length("channel scale backward", dx, shape.Length, "dx");
        OpChecks.Length("channel scale backward", dScale, shape.N * shape.C, "dScale");
        OpChecks.SameDevice("channel scale backward", x, dx, dScale);
        if (x.Device.Kernels is { } k)
        {
            k.RowsDot(dy.Buffer, x.Buffer, dScale.Buffer, shape.N * shape.C, shape.PlaneSize);
            k.ChannelScale(dy.Buffer, scale.Buffer, dx.Buffer, shape.PlaneSize, shape.Length);
            return;
        }
        var (dInput, dS) = ChannelScaleRef.Backward(shape, RefBridge.Load(x), RefBridge.Load(scale), RefBridge.Load(dy));
        RefBridge.Store(dx, dInput);
        RefBridge.Store(dScale, dS);
    }

    /// <summary>x's NCHW shape, with the scale (N*C values) and the big tensor (same length as x) checked.</summary>
    private static NchwShape Check(string op, Tensor x, Tensor scale, Tensor big)
    {
        OpChecks.SameDevice(op, x, scale, big);
        var shape = TensorLayout.Nchw(x, op);
        OpChecks.Length(op, scale, shape.N * shape.C, "scale (N, C)");
        OpChecks.Length(op, big, shape.Length, "tensor");
        return shape;
    }
}
