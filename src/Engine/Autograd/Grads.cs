using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Autograd;

/// <summary>Small helpers of the ops' autograd rules (Ops/&lt;Op&gt;/&lt;Op&gt;Autograd.cs).</summary>
internal static class Grads
{
    /// <summary>A new tensor of v's shape on v's device (a gradient or an output).</summary>
    public static Tensor Like(Variable v) => Tensor.Empty(v.Device, v.Shape);

    /// <summary>A tensor for v's gradient when v needs one, else null.</summary>
    public static Tensor? IfNeeded(Variable? v) => v is { RequiresGrad: true } ? Like(v) : null;

    public static void SameDevice(string op, params Variable?[] vs) =>
        OpChecks.SameDevice(op, vs.Select(v => v?.Value).ToArray());
}
