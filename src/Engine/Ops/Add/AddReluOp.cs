using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Reference;
using GrnGpu.Engine.Ops.Shared;
using GrnGpu.Engine.Ops.Activation;

namespace GrnGpu.Engine.Ops.Add;

/// <summary>
/// y = max(a + b, 0) in one pass: the residual block's add and ReLU, without the sum as a tensor of its own.
/// Values equal <see cref="AddOp.Forward"/> then <see cref="ReluOp.Forward"/>; the backward is
/// <see cref="ReluOp.Backward"/> on y, then the add's (both inputs get that gradient).
/// </summary>
public static class AddReluOp
{
    /// <summary>The fused form's tape and profiler name (checked against the chain it replaces, not in the op catalog).</summary>
    public const string FusedName = "add_relu";

    public static void Forward(Tensor a, Tensor b, Tensor y)
    {
        OpChecks.SameDevice("add relu", a, b, y);
        OpChecks.Length("add relu", b, a.Length, "operand");
        OpChecks.Length("add relu", y, a.Length, "output");
        if (a.Device.Kernels is { } k)
        {
            k.AddRelu(a.Buffer, b.Buffer, y.Buffer, a.Length);
            return;
        }
        RefBridge.Store(y, ActivationRef.Relu(AddRef.Forward(RefBridge.Load(a), RefBridge.Load(b))));
    }
}
