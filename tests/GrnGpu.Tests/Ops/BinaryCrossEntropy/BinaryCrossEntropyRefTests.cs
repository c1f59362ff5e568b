using Xunit;
using GrnGpu.Engine.Ops.Activation;
using GrnGpu.Engine.Ops.BinaryCrossEntropy;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.BinaryCrossEntropy;

public class BinaryCrossEntropyRefTests
{
    [Fact]
    public void ValuesMatchKerasFormula()
    {
        // -log(0.9 + 1e-7) = 0.1053604045467214, -log(1 - 0.2 + 1e-7) = 0.22314342631421757 (computed outside .NET).
        Assert.Equal(0.1053604045467214, BinaryCrossEntropyRef.Loss([0.9], [1]), 14);
        Assert.Equal(0.1642519154304695, BinaryCrossEntropyRef.Loss([0.9, 0.2], [1, 0]), 14);
    }

    [Fact]
    public void ClipBoundsTheLoss()
    {
        // p = 0 with y = 1: p' = 1e-7, loss = -log(2e-7) = 15.424948470398375.
        Assert.Equal(15.424948470398375, BinaryCrossEntropyRef.Loss([0], [1]), 12);
        // p = 1 with y = 0: p' = 1 - 1e-7, and in double 1 - (1 - 1e-7) = 9.99999993922529e-8, not 1e-7,
        // so the loss is -log(1.99999999392e-7) = 15.424948470661553 (computed outside .NET).
        Assert.Equal(15.424948470661553, BinaryCrossEntropyRef.Loss([1], [0]), 12);
        Assert.Equal(15.424948470398375, BinaryCrossEntropyRef.Loss([-3], [1]), 12);
        Assert.True(BinaryCrossEntropyRef.Loss([1], [1]) < 1e-9);
    }

    [Fact]
    public void LabelSmoothingMovesTargetsTowardsOneHalf()
    {
        // y' = 1 * 0.9 + 0.05 = 0.95: -(0.95 log(0.9000001) + 0.05 log(0.1000001)) = 0.21522158896911261.
        Assert.Equal(0.21522158896911261, BinaryCrossEntropyRef.Loss([0.9], [1], labelSmoothing: 0.1), 14);
        Assert.Equal(0.05, BinaryCrossEntropyRef.Smooth(0, 0.1), 15);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void BackwardMatchesFiniteDifferences(double smoothing)
    {
        double[] p = TestData.Uniform(23, 141, 0.05, 0.95);   // well inside the clip bounds
        double[] y = TestData.Uniform(23, 142).Select(v => v > 0 ? 1.0 : 0.0).ToArray();
        y[0] = 0.3;   // soft labels are allowed too
        double Loss() => BinaryCrossEntropyRef.Loss(p, y, smoothing);
        GradientCheck.Check("dP", p, BinaryCrossEntropyRef.Backward(p, y, smoothing), Loss);
    }

    [Fact]
    public void GradientIsZeroWhereClipped()
    {
        double[] grad = BinaryCrossEntropyRef.Backward([0, 1, -0.5, 1.5, 1e-8, 0.5], [1, 0, 1, 0, 1, 1]);
        Assert.Equal([0, 0, 0, 0, 0], grad[..5]);
        Assert.Equal(-1 / (0.5 + 1e-7) / 6, grad[5], 14);
    }

    [Fact]
    public void FromLogitsFormAgreesWithSigmoidThenLoss()
    {
        double[] z = TestData.Uniform(19, 143, -4, 4);
        double[] y = TestData.Uniform(19, 144, 0, 1);
        double[] p = ActivationRef.Sigmoid(z);
        // The probability form adds 1e-7 inside the logs; away from 0 and 1 that shifts the loss by < 1e-6.
        Assert.Equal(BinaryCrossEntropyRef.Loss(p, y), BinaryCrossEntropyRef.LossFromLogits(z, y), 5);
        Assert.Equal(Math.Log(2), BinaryCrossEntropyRef.LossFromLogits([0], [1]), 15);
        Assert.Equal(1000, BinaryCrossEntropyRef.LossFromLogits([-1000], [1]), 9);   // stable far out

        double Loss() => BinaryCrossEntropyRef.LossFromLogits(z, y, 0.2);
        GradientCheck.Check("dLogits", z, BinaryCrossEntropyRef.BackwardFromLogits(z, y, 0.2), Loss);
    }
}
