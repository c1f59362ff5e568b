using Xunit;
using GrnGpu.Engine.Ops.Activation;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.Activation;

public class ActivationRefTests
{
    [Fact]
    public void ReluForwardAndItsGradientAtZero()
    {
        Assert.Equal([0, 0, 0, 0.5, 3], ActivationRef.Relu([-2, -0.0, 0, 0.5, 3]));
        // Gradient 0 at exactly 0, as TensorFlow's ReluGrad.
        Assert.Equal([0, 0, 7, 9], ActivationRef.ReluBackward([-1, 0, 1e-300, 2], [5, 6, 7, 9]));
    }

    [Fact]
    public void SigmoidValuesAndStability()
    {
        Assert.Equal(0.5, ActivationRef.Sigmoid(0.0));
        Assert.Equal(1 / (1 + Math.Exp(-2)), ActivationRef.Sigmoid(2.0), 15);
        Assert.Equal(0.11920292202211755, ActivationRef.Sigmoid(-2.0), 15);
        Assert.Equal(1.0, ActivationRef.Sigmoid(800.0));
        Assert.Equal(0.0, ActivationRef.Sigmoid(-800.0));   // no NaN from exp overflow
        Assert.False(double.IsNaN(ActivationRef.Sigmoid(-1000.0)));
    }

    [Fact]
    public void ReluBackwardMatchesFiniteDifferences()
    {
        double[] x = TestData.AwayFromZero(61, 41, gap: 0.01);   // no kink within the FD step
        double[] r = TestData.Uniform(61, 42);
        double Loss() => TestData.Dot(ActivationRef.Relu(x), r);
        GradientCheck.Check("dInput", x, ActivationRef.ReluBackward(x, r), Loss);
    }

    [Fact]
    public void SigmoidBackwardMatchesFiniteDifferences()
    {
        double[] x = TestData.Uniform(53, 43, -6, 6);
        double[] r = TestData.Uniform(53, 44);
        double Loss() => TestData.Dot(ActivationRef.Sigmoid(x), r);
        GradientCheck.Check("dInput", x, ActivationRef.SigmoidBackward(ActivationRef.Sigmoid(x), r), Loss);
    }
}
