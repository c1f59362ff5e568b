using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Activation;

/// <summary>Logistic sigmoid over any shape; outputs may be the inputs (in place).</summary>
internal static class SigmoidOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "sigmoid";

    /// <summary>y = 1 / (1 + e^-x).</summary>
    public static void Forward(Tensor x, Tensor y)
    {
        Check(x, y);
        if (x.Device.Kernels is { } k) k.Sigmoid(x.Buffer, y.Buffer, x.Length);
        else RefBridge.Store(y, ActivationRef.Sigmoid(RefBridge.Load(x)));
    }

    /// <summary>dx = dy * y * (1 - y), from the forward OUTPUT <paramref name="y"/>.</summary>
    public static void Backward(Tensor y, Tensor dy, Tensor dx)
    {
        Check(y, dy, dx);
        if (y.Device.Kernels is { } k) k.SigmoidBackward(y.Buffer, dy.Buffer, dx.Buffer, y.Length);
        else RefBridge.Store(dx, ActivationRef.SigmoidBackward(RefBridge.Load(y), RefBridge.Load(dy)));
    }

    private static void Check(Tensor first, params Tensor[] others)
    {
        OpChecks.SameDevice("sigmoid", [first, .. others]);
        foreach (var t in others) OpChecks.Length("sigmoid", t, first.Length, "operand");
    }
}
