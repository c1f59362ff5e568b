using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Optim;
using GrnGpu.Models;
using GrnGpu.Models.Checkpoints;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Models;

/// <summary>Weights plus the companion Adam file are a complete training state: resuming is bit-identical to not stopping.</summary>
public class ResumeTests
{
    private static void TrainStep(Model model, Adam adam, IReadOnlyList<Tensor> inputs, Tensor labels, uint step)
    {
        model.Parameters.ZeroGrads();
        using (var tape = Tape.Train())
            tape.Backward(F.BinaryCrossEntropy(model.Forward(inputs.Select(t => new Variable(t)).ToList(), step), labels));
        adam.Update(epoch: 0);
    }

    [Theory]
    [InlineData("cpu-ref")]
    [InlineData("cpu")]
    [InlineData("cuda")]
    public void SavedAndRestoredTrainingContinuesExactly(string deviceKind)
    {
        var device = TestDevices.Get(deviceKind);
        using var dir = new TempFolder();
        string path = dir.File("sdinet.safetensors");
        var schedule = LearningRateSchedule.Constant(1e-2);
        var inputs = SmallModelRun.Inputs(SmallModelRun.Network(ModelKind.SdiNet), device);
        using var labels = Tensor.FromArray(device, new Shape(SmallModelRun.Batch, 1), SmallModelRun.Labels);
        try
        {
            IReadOnlyList<float[]> continuous;
            using (var model = new Model(SmallModelRun.Network(ModelKind.SdiNet), device))
            using (var adam = new Adam(model.Parameters, schedule))
            {
                TrainStep(model, adam, inputs, labels, 1);
                model.SaveWeights(path, epoch: 1);
                var gradients = model.Parameters.Grads.ToArray();
                model.SaveOptimizer(path, adam);
                Assert.Equal(gradients, model.Parameters.Grads.ToArray());   // the borrowed gradient buffer is put back
                TrainStep(model, adam, inputs, labels, 2);
                continuous = model.ReadValues();
            }

            using var resumed = new Model(NetworkFactory.Create(ModelKind.SdiNet, NetworkDimensions.Small, seed: 77), device);
            using var resumedAdam = new Adam(resumed.Parameters, schedule);
            resumed.LoadWeights(path);
            resumed.LoadOptimizer(path, resumedAdam);
            Assert.Equal(1, resumedAdam.Step);
            TrainStep(resumed, resumedAdam, inputs, labels, 2);
            Assert.Equal(continuous, resumed.ReadValues());
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }
}
