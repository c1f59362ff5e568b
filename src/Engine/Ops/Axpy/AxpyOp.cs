using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Axpy;

/// <summary>
/// Accumulation into an existing tensor: the tape's gradient sums (<see cref="AddInto"/>, for a
/// tensor that feeds two ops) and scaled gradients. Operands have equal lengths. No autograd rule: autograd uses it.
/// </summary>
internal static class AxpyOp
{
    /// <summary>acc += g: gradient accumulation (the only op that adds into its output instead of overwriting it).</summary>
    public static void AddInto(Tensor acc, Tensor g) => Axpy(acc, g, 1.0);

    /// <summary>acc += alpha * g (alpha rounded to float on GPU devices).</summary>
    public static void Axpy(Tensor acc, Tensor g, double alpha)
    {
        OpChecks.SameDevice("axpy", acc, g);
        OpChecks.Length("axpy", g, acc.Length, "operand");
        if (acc.Device.Kernels is { } k)
        {
            k.Axpy(acc.Buffer, g.Buffer, (float)alpha, acc.Length);
            return;
        }
        double[] sum = RefBridge.Load(acc), add = RefBridge.Load(g);
        for (int i = 0; i < sum.Length; i++) sum[i] += alpha * add[i];
        RefBridge.Store(acc, sum);
    }
}
