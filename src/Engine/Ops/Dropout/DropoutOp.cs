using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Dropout;

/// <summary>
/// Inverted dropout with the <see cref="DropoutMask"/> contract: element i is kept iff
/// (ElementHash(seed, i) &gt;&gt; 8) &gt;= Threshold(rate), so every device draws the reference's mask bit for bit.
/// Kept values are scaled by 1 / (1 - rate) (a float on GPU devices). In inference both passes are the identity.
/// The backward pass must get the forward pass's seed.
/// </summary>
internal static class DropoutOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "dropout";

    public static void Forward(Tensor x, Tensor y, double rate, uint seed, bool training)
    {
        Check("dropout", x, y, rate);
        if (x.Device.Kernels is { } k) Apply(k, x, y, rate, seed, training);
        else RefBridge.Store(y, DropoutRef.Forward(RefBridge.Load(x), rate, seed, training));
    }

    public static void Backward(Tensor dy, Tensor dx, double rate, uint seed, bool training)
    {
        Check("dropout backward", dy, dx, rate);
        if (dy.Device.Kernels is { } k) Apply(k, dy, dx, rate, seed, training);
        else RefBridge.Store(dx, DropoutRef.Backward(RefBridge.Load(dy), rate, seed, training));
    }

    private static void Apply(IDeviceKernels k, Tensor input, Tensor output, double rate, uint seed, bool training)
    {
        if (!training)
        {
            if (output.Buffer != input.Buffer) input.Device.Copy(input.Buffer, 0, output.Buffer, 0, input.Length);
            return;
        }
        k.Dropout(input.Buffer, output.Buffer, seed, DropoutMask.Threshold(rate), (float)DropoutMask.KeepScale(rate), input.Length);
    }

    private static void Check(string op, Tensor input, Tensor output, double rate)
    {
        DropoutMask.ValidateRate(rate);
        OpChecks.SameDevice(op, input, output);
        OpChecks.Length(op, output, input.Length, "output");
    }
}
