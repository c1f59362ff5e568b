using System.Collections.Concurrent;
using GrnGpu.Models;
using Xunit;

namespace GrnGpu.Tests.Models;

/// <summary>
/// A training step of each small-variant network on each kernel device (never the reference itself) against the same
/// step on the reference device (double-precision ops, float32 storage between them). The small variants keep every
/// layer kind of the real networks: strided and dilated convs, BN in training mode, max pools, dropout, ASPP, SE,
/// residual shortcuts, joint dense layers.
/// </summary>
public class WholeModelDeviceTests
{
    // The reference device runs each op in double and rounds once per op; a float32 device accumulates long sums
    // (a 3x3x10 conv over a batch is hundreds of terms; the weight gradients sum over batch and positions) in float,
    // in another order. Gradients also pass through training-mode BN over as few as 2-4 values per channel (batch 2,
    // 1x1 or 1x2 maps in the last stages), which amplifies differences. Measured on PoCL (errors relative to each
    // tensor's largest entry): outputs, loss and moving statistics <= 4.4e-6, gradients <= 7.3e-5, conv biases before
    // BN <= 2.2e-6 of their kernel's gradient. The bounds below leave about 10x room for other devices' summation orders.
    private const double OutputTolerance = 5e-5;
    private const double GradientTolerance = 5e-4;
    private const double MovingStatisticsTolerance = 5e-5;
    private const double BiasBeforeBatchNormTolerance = 3e-5;

    private static readonly ConcurrentDictionary<ModelKind, SmallModelRun> Reference = new();

    public static TheoryData<string, ModelKind> Cases()
    {
        var data = new TheoryData<string, ModelKind>();
        foreach (var device in TestDevices.ModelKinds())
            foreach (var kind in ModelKinds.All) data.Add(device.Data, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainingStepMatchesTheReferenceDevice(string device, ModelKind kind)
    {
        var run = SmallModelRun.On(TestDevices.Get(device), kind);
        var reference = Reference.GetOrAdd(kind, k => SmallModelRun.On(TestDevices.Get("cpu-ref"), k));

        Assert.All(run.Output, p => Assert.InRange(p, 0f, 1f));
        AssertClose("training output", reference.Output, run.Output, OutputTolerance);
        AssertClose("loss", [reference.Loss], [run.Loss], OutputTolerance);
        AssertClose("inference output", reference.InferenceOutput, run.InferenceOutput, OutputTolerance);
        foreach (var (name, expected) in reference.Gradients)
        {
            if (FeedsBatchNorm(name)) AssertNegligible(name, run.Gradients);
            else AssertClose("gradient of " + name, expected, run.Gradients[name], GradientTolerance);
        }
        foreach (var (name, expected) in reference.MovingStatistics) AssertClose(name, expected, run.MovingStatistics[name], MovingStatisticsTolerance);

        // Sanity: a training step that reaches every layer leaves no trainable parameter without gradient signal,
        // except conv biases feeding a training-mode BN, whose gradient BN cancels exactly.
        foreach (var (name, g) in run.Gradients.Where(kv => !FeedsBatchNorm(kv.Key)))
            Assert.True(g.Any(v => v != 0), $"{name} got no gradient");
    }

    /// <summary>Every conv of these networks is followed by BN: its bias shifts the batch mean and nothing else.</summary>
    private static bool FeedsBatchNorm(string parameter) => parameter.EndsWith("/conv/bias", StringComparison.Ordinal);

    /// <summary>
    /// The gradient of a conv bias that feeds a training-mode BN is exactly zero; computed, it is the rounding noise
    /// of a sum of terms that cancel, which differs between devices. It must stay at noise level next to the same
    /// conv's kernel gradient.
    /// </summary>
    private static void AssertNegligible(string bias, IReadOnlyDictionary<string, float[]> gradients)
    {
        double kernelScale = gradients[bias[..^"bias".Length] + "kernel"].Max(v => Math.Abs(v));
        double biasScale = gradients[bias].Max(v => Math.Abs(v));
        Assert.True(biasScale <= BiasBeforeBatchNormTolerance * kernelScale, $"{bias}: gradient {biasScale:G3} is not negligible next to the kernel's {kernelScale:G3}");
    }

    /// <summary>max |actual - expected| relative to the largest |expected| (floored, so all-zero tensors compare absolutely).</summary>
    private static void AssertClose(string what, float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(expected.Max(v => Math.Abs((double)v)), 1e-6);
        double worst = 0;
        int at = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]) || float.IsInfinity(actual[i]), $"{what}[{i}] is {actual[i]}");
            double error = Math.Abs(actual[i] - (double)expected[i]) / scale;
            if (error > worst) (worst, at) = (error, i);
        }
        Assert.True(worst <= tolerance,
            $"{what}: element {at} is {actual[at]:G9}, reference {expected[at]:G9}; error {worst:G3} of scale {scale:G3} exceeds {tolerance:G3}");
    }
}
