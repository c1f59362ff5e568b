using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Add;

/// <summary>
/// Element-wise sum: the residual add and its backward (accumulation into an existing tensor is
/// <see cref="Axpy.AxpyOp"/>). Operands have equal lengths; outputs may alias inputs.
/// </summary>
internal static class AddOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "add";

    /// <summary>y = a + b.</summary>
    public static void Forward(Tensor a, Tensor b, Tensor y)
    {
        Check("add", a, b, y);
        if (a.Device.Kernels is { } k) k.Add(a.Buffer, b.Buffer, y.Buffer, a.Length);
        else RefBridge.Store(y, AddRef.Forward(RefBridge.Load(a), RefBridge.Load(b)));
    }

    /// <summary>Both inputs' gradients are the output gradient: da = dy, db = dy (copies on the device's queue).</summary>
    public static void Backward(Tensor dy, Tensor da, Tensor db)
    {
        Check("add backward", dy, da, db);
        foreach (var d in new[] { da, db })
            if (d.Buffer != dy.Buffer) dy.Device.Copy(dy.Buffer, 0, d.Buffer, 0, dy.Length);
    }

    private static void Check(string op, Tensor first, params Tensor[] others)
    {
        OpChecks.SameDevice(op, [first, .. others]);
        foreach (var t in others) OpChecks.Length(op, t, first.Length, "operand");
    }
}
