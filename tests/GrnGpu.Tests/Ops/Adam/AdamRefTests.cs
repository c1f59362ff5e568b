using GrnGpu.Engine.Ops.Adam;
using GrnGpu.Engine.Optim;
using Xunit;

namespace GrnGpu.Tests.Ops.Adam;

public class AdamRefTests
{
    [Theory]
    // Two steps from p = 1 with g = 0.5 then -0.25, lr 0.1; expected values computed outside .NET.
    // epsilon 0.01 makes the TF placement of epsilon (added to sqrt(v), not bias-corrected) visible:
    // the paper's form would give 0.9046... after step 1 instead of 0.9387...
    [InlineData(1e-7, 0.9000006324515321, 0.8733670792079219)]
    [InlineData(0.01, 0.9387425886722793, 0.9217341573090427)]
    public void TwoStepsByHand(double epsilon, double afterStep1, double afterStep2)
    {
        var settings = new AdamSettings(epsilon: epsilon);
        double[] p = [1], m = [0], v = [0];
        AdamRef.Step(p, [0.5], m, v, step: 1, learningRate: 0.1, settings);
        Assert.Equal(0.05, m[0], 15);
        Assert.Equal(0.00025, v[0], 15);
        Assert.Equal(afterStep1, p[0], 13);
        AdamRef.Step(p, [-0.25], m, v, step: 2, learningRate: 0.1, settings);
        Assert.Equal(0.02, m[0], 15);
        Assert.Equal(0.00031225, v[0], 15);
        Assert.Equal(afterStep2, p[0], 13);
    }

    [Fact]
    public void FirstStepMovesByTheLearningRateWithoutEpsilon()
    {
        // With epsilon 0 the first bias-corrected step is exactly lr * sign(g), whatever |g|.
        var settings = new AdamSettings(epsilon: 0);
        double[] p = [2, -1], m = [0, 0], v = [0, 0];
        AdamRef.Step(p, [1e-3, -40], m, v, 1, 0.01, settings);
        Assert.Equal(1.99, p[0], 14);
        Assert.Equal(-0.99, p[1], 14);
    }

    [Fact]
    public void KerasDefaultsAndValidation()
    {
        Assert.Equal((0.9, 0.999, 1e-7), (AdamSettings.Keras.Beta1, AdamSettings.Keras.Beta2, AdamSettings.Keras.Epsilon));
        Assert.Equal(0.1 * Math.Sqrt(1 - 0.999) / (1 - 0.9), AdamSettings.Keras.StepSize(0.1, 1), 15);
        Assert.Throws<ArgumentException>(() => AdamSettings.Keras.StepSize(0.1, 0));
        Assert.Throws<ArgumentException>(() => new AdamSettings(beta1: 1));
    }

    [Fact]
    public void ConstantAndStepDecaySchedules()
    {
        Assert.Equal(1e-3, LearningRateSchedule.Constant(1e-3).At(500));
        var decay = LearningRateSchedule.StepDecay(1e-3, 0.5, 3, 6);
        Assert.Equal([1e-3, 1e-3, 1e-3, 5e-4, 5e-4, 5e-4, 2.5e-4, 2.5e-4], Enumerable.Range(0, 8).Select(decay.At));
        Assert.Equal(1e-3, LearningRateSchedule.StepDecay(1e-3, 0.1).At(100));
        Assert.Throws<ArgumentException>(() => LearningRateSchedule.StepDecay(1e-3, 0.5, 6, 3));
        Assert.Throws<ArgumentException>(() => LearningRateSchedule.StepDecay(1e-3, 0.5, 0));
        Assert.Throws<ArgumentException>(() => LearningRateSchedule.Constant(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => decay.At(-1));
    }
}
