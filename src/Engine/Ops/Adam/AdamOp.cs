using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Adam;

/// <summary>
/// One Adam step (TF ApplyAdam form, see <see cref="AdamRef"/>) over flat buffers: p, g, m, v of equal length, in
/// practice all of a model's parameters packed together so that one launch of the fused kernel updates them
/// all. The bias-corrected step size lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t) is computed on the host in double.
/// </summary>
internal static class AdamOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "adam";

    /// <summary>Updates m, v and p in place for step <paramref name="step"/> (1-based).</summary>
    public static void Step(Tensor p, Tensor g, Tensor m, Tensor v, int step, double lr, AdamSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        OpChecks.SameDevice("adam", p, g, m, v);
        foreach (var t in new[] { g, m, v }) OpChecks.Length("adam", t, p.Length, "gradient/moment");
        double lrT = s.StepSize(lr, step);
        if (p.Device.Kernels is { } k)
        {
            k.Adam(p.Buffer, g.Buffer, m.Buffer, v.Buffer, (float)s.Beta1, (float)(1 - s.Beta1), (float)s.Beta2, (float)(1 - s.Beta2),
                (float)lrT, (float)s.Epsilon, p.Length);
            return;
        }
        double[] parameters = RefBridge.Load(p), moment1 = RefBridge.Load(m), moment2 = RefBridge.Load(v);
        AdamRef.Step(parameters, RefBridge.Load(g), moment1, moment2, step, lr, s);
        RefBridge.Store(p, parameters);
        RefBridge.Store(m, moment1);
        RefBridge.Store(v, moment2);
    }
}
