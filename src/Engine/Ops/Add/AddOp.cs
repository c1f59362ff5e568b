using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Add;

/// <summary>
/// Element-wise sums (elementwise.c): the residual add and its backward, and accumulation into an existing
/// gradient (<see cref="AddInto"/>, for a tensor that feeds two ops). Operands have equal lengths; outputs may alias inputs.
/// </summary>
public static class AddOp
{
    /// <summary>y = a + b.</summary>
    public static void Forward(Tensor a, Tensor b, Tensor y)
    {
        Check("add", a, b, y);
        if (a.Device is GpuDevice gpu) gpu.Launch1D(gpu.Kernel("elementwise.c", "add"), a.Length, a, b, y, a.Length);
        else RefBridge.Store(y, AddRef.Forward(RefBridge.Load(a), RefBridge.Load(b)));
    }

    /// <summary>Both inputs' gradients are the output gradient: da = dy, db = dy (copies on the device's queue).</summary>
    public static void Backward(Tensor dy, Tensor da, Tensor db)
    {
        Check("add backward", dy, da, db);
        foreach (var d in new[] { da, db })
            if (d.Buffer != dy.Buffer) dy.Device.Copy(dy.Buffer, 0, d.Buffer, 0, dy.Length);
    }

    /// <summary>acc += g: gradient accumulation (the only op that adds into its output instead of overwriting it).</summary>
    public static void AddInto(Tensor acc, Tensor g) => Axpy(acc, g, 1.0);

    /// <summary>acc += alpha * g (alpha rounded to float on GPU devices).</summary>
    public static void Axpy(Tensor acc, Tensor g, double alpha)
    {
        Check("axpy", acc, g);
        if (acc.Device is GpuDevice gpu)
        {
            gpu.Launch1D(gpu.Kernel("elementwise.c", "axpy"), acc.Length, acc, g, (float)alpha, acc.Length);
            return;
        }
        double[] sum = RefBridge.Load(acc), add = RefBridge.Load(g);
        for (int i = 0; i < sum.Length; i++) sum[i] += alpha * add[i];
        RefBridge.Store(acc, sum);
    }

    private static void Check(string op, Tensor first, params Tensor[] others)
    {
        OpChecks.SameDevice(op, [first, .. others]);
        foreach (var t in others) OpChecks.Length(op, t, first.Length, "operand");
    }
}
