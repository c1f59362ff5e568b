using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Models;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Models;

/// <summary>Training and inference modes come from the tape: BN statistics, moving averages, dropout.</summary>
public class ModelModeTests
{
    private static float[] TrainingOutput(Model model, IReadOnlyList<Tensor> inputs, uint dropoutSeed)
    {
        using var tape = Tape.Train();
        return model.Forward(inputs.Select(t => new Variable(t)).ToList(), dropoutSeed).Value.ToArray();
    }

    private static float[] Moving(Model model, string name) => model.Parameters[name].Value.ToArray();

    [Fact]
    public void InferenceIsDeterministicAndLeavesMovingStatisticsAlone()
    {
        var device = TestDevices.Get("cpu-ref");
        var network = SmallModelRun.Network(ModelKind.Rna);
        using var model = new Model(network, device);
        var inputs = SmallModelRun.Inputs(network, device);
        try
        {
            var first = model.Predict([.. inputs]);
            Assert.Equal(first, model.Predict([.. inputs]));
            Assert.All(Moving(model, "rna/stage1/conv1/bn/moving_mean"), v => Assert.Equal(0f, v));
            Assert.All(Moving(model, "rna/stage1/conv1/bn/moving_variance"), v => Assert.Equal(1f, v));
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }

    [Fact]
    public void TrainingUsesBatchStatisticsDropoutAndMovesTheAverages()
    {
        var device = TestDevices.Get("cpu-ref");
        var network = SmallModelRun.Network(ModelKind.Rna);
        using var model = new Model(network, device);
        var inputs = SmallModelRun.Inputs(network, device);
        try
        {
            var inference = model.Predict([.. inputs]);
            var seedA = TrainingOutput(model, inputs, 1);
            Assert.Equal(seedA, TrainingOutput(model, inputs, 1));       // same dropout masks, same batch statistics
            Assert.NotEqual(seedA, TrainingOutput(model, inputs, 2));    // other dropout masks
            Assert.NotEqual(inference, seedA);
            // Three training passes moved each moving mean 1 - 0.99^3 of the way to the batch mean.
            Assert.Contains(Moving(model, "rna/stage1/conv1/bn/moving_mean"), v => v != 0f);
            Assert.Contains(Moving(model, "rna/stage4/conv2/bn/moving_variance"), v => v != 1f);
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }

    [Fact]
    public void WrongInputsAreRefusedWithTheExpectedShape()
    {
        var device = TestDevices.Get("cpu-ref");
        using var model = new Model(new FusionNet(NetworkDimensions.Small), device);
        using var image = Tensor.Zeros(device, new Shape(2, 1, 32, 24));
        using var wrong = Tensor.Zeros(device, new Shape(2, 1, 16, 15));
        var e = Assert.Throws<GrnException>(() => model.Predict(image, wrong));
        Assert.Equal("fusion input 'histogram' must be (N, 1, 16, 16), got (2, 1, 16, 15).", e.Message);
        Assert.Throws<ArgumentException>(() => model.Predict(image));
    }

    [Fact]
    public void ParameterStoreHoldsEveryDeclarationWithItsInitialValues()
    {
        var device = TestDevices.Get("cpu-ref");
        var network = new SdiNet(NetworkDimensions.Small, seed: 4);
        using var model = new Model(network, device);
        Assert.Equal(network.TrainableCount, model.Parameters.TrainableCount);
        Assert.Equal(network.Parameters.Select(p => p.Initial), model.ReadValues());
    }
}
