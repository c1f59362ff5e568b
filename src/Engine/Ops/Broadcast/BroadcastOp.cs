using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Broadcast;

/// <summary>
/// Spatial broadcast of a (N, C) tensor to (N, C, H, W), and its backward, the sum over H, W
/// (the kernel set's row sum). The big tensor's shape gives H and W.
/// </summary>
internal static class BroadcastOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "broadcast";

    public static void Forward(Tensor x, Tensor y)
    {
        var shape = Check("broadcast", x, y);
        if (x.Device.Kernels is { } k) k.PlaneBroadcast(x.Buffer, y.Buffer, shape.PlaneSize, 1f, shape.Length);
        else
            RefBridge.Store(y, BroadcastRef.Forward(shape, RefBridge.Load(x)));
    }

    /// <summary>dx[n, c] = sum over H, W of dy[n, c, :, :].</summary>
    public static void Backward(Tensor dy, Tensor dx)
    {
        var shape = Check("broadcast backward", dx, dy);
        if (dy.Device.Kernels is { } k) k.RowsSum(dy.Buffer, dx.Buffer, shape.N * shape.C, shape.PlaneSize, 1f);
        else
            RefBridge.Store(dx, BroadcastRef.Backward(shape, RefBridge.Load(dy)));
    }

    /// <summary>The big tensor's NCHW shape, with the small one's N*C length checked.</summary>
    private static NchwShape Check(string op, Tensor small, Tensor big)
    {
        OpChecks.SameDevice(op, small, big);
        var shape = TensorLayout.Nchw(big, op);
        OpChecks.Length(op, small, shape.N * shape.C, "(N, C) tensor");
        return shape;
    }
}
