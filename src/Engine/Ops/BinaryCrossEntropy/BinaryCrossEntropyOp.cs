using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.BinaryCrossEntropy;

/// <summary>
/// Binary cross-entropy on probabilities, tf.keras semantics (clip to [1e-7, 1 - 1e-7], +1e-7 inside the logs, label
/// smoothing, mean over all elements). Forward reduces to one value (a tensor of one element): per-group
/// partial sums, then one group adds them. Backward gives dLoss/dp, the mean's 1/n included.
/// </summary>
internal static class BinaryCrossEntropyOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "binary_cross_entropy";

    /// <summary>loss[0] = mean of the per-element losses.</summary>
    public static void Forward(Tensor probabilities, Tensor labels, Tensor loss, double labelSmoothing = 0)
    {
        Check("binary cross-entropy", probabilities, labels, labelSmoothing);
        OpChecks.SameDevice("binary cross-entropy", probabilities, loss);
        OpChecks.Length("binary cross-entropy", loss, 1, "loss");
        int n = probabilities.Length;
        if (probabilities.Device.Kernels is { } k)
        {
            k.BinaryCrossEntropy(probabilities.Buffer, labels.Buffer, loss.Buffer, (float)labelSmoothing, n);
            return;
        }
        RefBridge.Store(loss, [BinaryCrossEntropyRef.Loss(RefBridge.Load(probabilities), RefBridge.Load(labels), labelSmoothing)]);
    }

    /// <summary>
    /// dp = upstream * dLoss/dp; zero where p was clipped (p &lt; 1e-7 or p &gt; 1 - 1e-7). <paramref name="upstream"/>
    /// is the one-element gradient arriving at the loss (null: 1); kernels read it on the device, so no host wait.
    /// </summary>
    public static void Backward(Tensor probabilities, Tensor labels, Tensor dProbabilities, double labelSmoothing = 0, Tensor? upstream = null)
    {
        Check("binary cross-entropy backward", probabilities, labels, labelSmoothing);
        OpChecks.SameDevice("binary cross-entropy backward", probabilities, dProbabilities);
        OpChecks.Length("binary cross-entropy backward", dProbabilities, probabilities.Length, "dProbabilities");
        if (upstream != null)
        {
            OpChecks.SameDevice("binary cross-entropy backward", probabilities, upstream);
            OpChecks.Length("binary cross-entropy backward", upstream, 1, "upstream");
        }
        int n = probabilities.Length;
        if (probabilities.Device.Kernels is { } k)
        {
            k.BinaryCrossEntropyBackward(probabilities.Buffer, labels.Buffer, upstream?.Buffer, dProbabilities.Buffer, (float)labelSmoothing,
                LowerBound, UpperBound, n);
            return;
        }
        double scale = upstream == null ? 1 : RefBridge.Load(upstream)[0];
        var dp = BinaryCrossEntropyRef.Backward(RefBridge.Load(probabilities), RefBridge.Load(labels), labelSmoothing);
        for (int i = 0; i < dp.Length; i++) dp[i] *= scale;
        RefBridge.Store(dProbabilities, dp);
    }

    /// <summary>The smallest float f with (double)f &gt;= 1e-7: for a float p, p &lt; LowerBound iff (double)p &lt; 1e-7.</summary>
    public static readonly float LowerBound = FirstFloatAtLeast(BinaryCrossEntropyRef.Epsilon);

    /// <summary>The largest float f with (double)f &lt;= 1 - 1e-7: for a float p, p &gt; UpperBound iff (double)p &gt; 1 - 1e-7.</summary>
    public static readonly float UpperBound = LastFloatAtMost(1 - BinaryCrossEntropyRef.Epsilon);

    private static float FirstFloatAtLeast(double bound)
    {
        float f = (float)bound;
        while (f < bound) f = MathF.BitIncrement(f);
        while (MathF.BitDecrement(f) >= bound) f = MathF.BitDecrement(f);
        return f;
    }

    private static float LastFloatAtMost(double bound)
    {
        float f = (float)bound;
        while (f > bound) f = MathF.BitDecrement(f);
        while (MathF.BitIncrement(f) <= bound) f = MathF.BitIncrement(f);
        return f;
    }

    private static void Check(string op, Tensor probabilities, Tensor labels, double labelSmoothing)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new ArgumentException($"{op}: label smoothing must be in [0, 1], got {labelSmoothing}");
        OpChecks.SameDevice(op, probabilities, labels);
        OpChecks.Length(op, labels, probabilities.Length, "labels");
        if (probabilities.Length == 0) throw new ArgumentException($"{op}: needs at least one element");
    }
}
