using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.GlobalAvgPool;

/// <summary>
/// Global average pooling (N, C, H, W) -> (N, C): the kernel set's row sum scaled by
/// 1 / (H*W); backward spreads dy / (H*W) over the plane (its plane broadcast).
/// </summary>
internal static class GlobalAvgPoolOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "global_avg_pool";

    public static void Forward(Tensor x, Tensor y)
    {
        var shape = Check("global average pool", y, x);
        if (x.Device.Kernels is { } k) k.RowsSum(x.Buffer, y.Buffer, shape.N * shape.C, shape.PlaneSize, 1f / shape.PlaneSize);
        else
            RefBridge.Store(y, GlobalAvgPoolRef.Forward(shape, RefBridge.Load(x)));
    }

    /// <summary>dx[n, c, h, w] = dy[n, c] / (H*W).</summary>
    public static void Backward(Tensor dy, Tensor dx)
    {
        var shape = Check("global average pool backward", dy, dx);
        if (dy.Device.Kernels is { } k) k.PlaneBroadcast(dy.Buffer, dx.Buffer, shape.PlaneSize, 1f / shape.PlaneSize, shape.Length);
        else
            RefBridge.Store(dx, GlobalAvgPoolRef.Backward(shape, RefBridge.Load(dy)));
    }

    private static NchwShape Check(string op, Tensor small, Tensor big)
    {
        OpChecks.SameDevice(op, small, big);
        var shape = TensorLayout.Nchw(big, op);
        OpChecks.Length(op, small, shape.N * shape.C, "(N, C) tensor");
        return shape;
    }
}
