using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Activation;

/// <summary>ReLU over any shape; outputs may be the inputs (in place).</summary>
internal static class ReluOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "relu";

    /// <summary>y = max(x, 0).</summary>
    public static void Forward(Tensor x, Tensor y)
    {
        Check(x, y);
        if (x.Device.Kernels is { } k) k.Relu(x.Buffer, y.Buffer, x.Length);
        else RefBridge.Store(y, ActivationRef.Relu(RefBridge.Load(x)));
    }

    /// <summary>dx = dy where x &gt; 0, else 0 (0 at x == 0, as TensorFlow).</summary>
    public static void Backward(Tensor x, Tensor dy, Tensor dx)
    {
        Check(x, dy, dx);
        if (x.Device.Kernels is { } k) k.ReluBackward(x.Buffer, dy.Buffer, dx.Buffer, x.Length);
        else RefBridge.Store(dx, ActivationRef.ReluBackward(RefBridge.Load(x), RefBridge.Load(dy)));
    }

    private static void Check(Tensor x, params Tensor[] others)
    {
        OpChecks.SameDevice("relu", [x, .. others]);
        foreach (var t in others) OpChecks.Length("relu", t, x.Length, "operand");
    }
}
