using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.BatchNorm;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.BatchNorm;

public class BatchNormRefTests
{
    // Shape (N=2, C=2, H=1, W=2). Channel 0 holds 1, 3 | 5, 7 (mean 4, biased variance 5);
    // channel 1 holds 0, 0 | 2, 2 (mean 1, biased variance 1).
    private static readonly NchwShape Small = new(2, 2, 1, 2);
    private static readonly double[] SmallInput = [1, 3, 0, 0, 5, 7, 2, 2];

    [Fact]
    public void TrainingUsesBatchMeanAndBiasedVariance()
    {
        var result = BatchNormRef.ForwardTraining(Small, SmallInput, gamma: [2, 1], beta: [0.5, -1]);
        Assert.Equal([4, 1], result.Mean);
        Assert.Equal([5, 1], result.Variance);
        double s0 = Math.Sqrt(5 + 1e-3), s1 = Math.Sqrt(1 + 1e-3);
        double[] expected =
        [
            2 * (1 - 4) / s0 + 0.5, 2 * (3 - 4) / s0 + 0.5, -1 / s1 - 1, -1 / s1 - 1,
            2 * (5 - 4) / s0 + 0.5, 2 * (7 - 4) / s0 + 0.5, 1 / s1 - 1, 1 / s1 - 1,
        ];
        AssertClose(expected, result.Output, 1e-14);
    }

    [Fact]
    public void InferenceUsesRunningStatistics()
    {
        double[] y = BatchNormRef.ForwardInference(Small, SmallInput, gamma: [2, 1], beta: [0.5, -1],
            runningMean: [1, 0], runningVariance: [4, 0.25]);
        double s0 = Math.Sqrt(4.001), s1 = Math.Sqrt(0.251);
        AssertClose([2 * 0 / s0 + 0.5, 2 * 2 / s0 + 0.5, -1, -1, 2 * 4 / s0 + 0.5, 2 * 6 / s0 + 0.5, 2 / s1 - 1, 2 / s1 - 1], y, 1e-14);
    }

    [Fact]
    public void RunningStatisticsFollowKerasMomentum()
    {
        double[] mean = [0, 0], variance = [1, 1];
        var stats = BatchNormRef.ForwardTraining(Small, SmallInput, [1, 1], [0, 0]);
        BatchNormRef.UpdateRunningStatistics(Small, mean, variance, stats.Mean, stats.Variance);
        // mean: 0*0.99 + 4*0.01 = 0.04, 0*0.99 + 1*0.01 = 0.01; variance: 0.99 + 5*0.01 = 1.04, 0.99 + 1*0.01 = 1.0
        AssertClose([0.04, 0.01], mean, 1e-15);
        AssertClose([1.04, 1.0], variance, 1e-15);

        // TF's fused kernel folds in the unbiased variance: count 4, so 5*4/3 and 1*4/3.
        double[] mean2 = [0, 0], variance2 = [1, 1];
        BatchNormRef.UpdateRunningStatistics(Small, mean2, variance2, stats.Mean, stats.Variance, momentum: 0.9, besselCorrected: true);
        AssertClose([0.4, 0.1], mean2, 1e-15);
        AssertClose([0.9 + 0.1 * 20.0 / 3, 0.9 + 0.1 * 4.0 / 3], variance2, 1e-15);
    }

    [Theory]
    [InlineData(2, 3, 4, 5)]
    [InlineData(1, 5, 3, 3)]   // batch 1: statistics over one image
    [InlineData(7, 4, 1, 1)]   // (N, C) input, as after a dense layer
    [InlineData(3, 1, 2, 7)]
    public void TrainingBackwardMatchesFiniteDifferences(int n, int c, int h, int w)
    {
        var shape = new NchwShape(n, c, h, w);
        double[] x = TestData.Uniform(shape.Length, 11, -2, 3);
        double[] gamma = TestData.Uniform(c, 12, 0.5, 1.5);
        double[] beta = TestData.Uniform(c, 13);
        double[] r = TestData.Uniform(shape.Length, 14);
        // The loss recomputes the batch statistics from x, so FD sees their dependence on x.
        double Loss() => TestData.Dot(BatchNormRef.ForwardTraining(shape, x, gamma, beta).Output, r);

        var stats = BatchNormRef.ForwardTraining(shape, x, gamma, beta);
        var grads = BatchNormRef.BackwardTraining(shape, x, gamma, stats.Mean, stats.Variance, r);
        GradientCheck.Check("dInput", x, grads.Input, Loss);
        GradientCheck.Check("dGamma", gamma, grads.Gamma, Loss);
        GradientCheck.Check("dBeta", beta, grads.Beta, Loss);
    }

    [Theory]
    [InlineData(2, 3, 4, 5)]
    [InlineData(1, 5, 3, 3)]
    [InlineData(7, 4, 1, 1)]
    public void InferenceBackwardMatchesFiniteDifferences(int n, int c, int h, int w)
    {
        var shape = new NchwShape(n, c, h, w);
        double[] x = TestData.Uniform(shape.Length, 21, -2, 3);
        double[] gamma = TestData.Uniform(c, 22, 0.5, 1.5);
        double[] beta = TestData.Uniform(c, 23);
        double[] runningMean = TestData.Uniform(c, 24);
        double[] runningVariance = TestData.Uniform(c, 25, 0.1, 2);
        double[] r = TestData.Uniform(shape.Length, 26);
        double Loss() => TestData.Dot(BatchNormRef.ForwardInference(shape, x, gamma, beta, runningMean, runningVariance), r);

        var grads = BatchNormRef.BackwardInference(shape, x, gamma, runningMean, runningVariance, r);
        GradientCheck.Check("dInput", x, grads.Input, Loss);
        GradientCheck.Check("dGamma", gamma, grads.Gamma, Loss);
        GradientCheck.Check("dBeta", beta, grads.Beta, Loss);
    }

    [Fact]
    public void TrainingAndInferenceGradientsDiffer()
    {
        // With the running statistics set to the batch statistics the forward outputs agree, but only the
        // training gradient carries the terms through the statistics: per channel it sums to zero over N,H,W.
        var shape = new NchwShape(2, 2, 2, 2);
        double[] x = TestData.Uniform(shape.Length, 31);
        double[] gamma = [1.3, 0.7], beta = [0, 0];
        double[] r = TestData.Uniform(shape.Length, 32);
        var stats = BatchNormRef.ForwardTraining(shape, x, gamma, beta);
        var train = BatchNormRef.BackwardTraining(shape, x, gamma, stats.Mean, stats.Variance, r);
        var infer = BatchNormRef.BackwardInference(shape, x, gamma, stats.Mean, stats.Variance, r);
        Assert.Equal(train.Gamma, infer.Gamma);
        double channel0Sum = train.Input[0] + train.Input[1] + train.Input[2] + train.Input[3]
                           + train.Input[8] + train.Input[9] + train.Input[10] + train.Input[11];
        Assert.True(Math.Abs(channel0Sum) < 1e-12);
        Assert.True(Math.Abs(train.Input[0] - infer.Input[0]) > 1e-3);
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
