using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Ops;
using GrnGpu.Models;
using GrnGpu.Models.Checkpoints;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Models;

public class PredictRoundTripTests
{
    /// <summary>
    /// Train one step (so BN moving statistics and weights move away from their initial values), save, load into a
    /// network built from another seed, predict: the outputs must be identical to the bit.
    /// </summary>
    [Theory]
    [InlineData(ModelKind.Rna)]
    [InlineData(ModelKind.SdiNet)]
    [InlineData(ModelKind.Fusion)]
    public void SaveLoadPredictGivesIdenticalOutputs(ModelKind kind)
    {
        var device = TestDevices.Get("cpu-ref");
        using var dir = new TempFolder();
        string path = dir.File($"{kind.Name()}.safetensors");
        var network = SmallModelRun.Network(kind);
        var inputs = SmallModelRun.Inputs(network, device);
        try
        {
            float[] before;
            using (var model = new Model(network, device))
            {
                using (var tape = Tape.Train())
                {
                    using var labels = Tensor.FromArray(device, new Shape(SmallModelRun.Batch, 1), SmallModelRun.Labels);
                    var p = model.Forward(inputs.Select(t => new Variable(t)).ToList(), SmallModelRun.DropoutSeed);
                    tape.Backward(F.BinaryCrossEntropy(p, labels));
                }
                // A crude SGD step on every trainable parameter, so that the file carries trained values.
                foreach (var p in model.Parameters.Parameters.Where(p => p.Trainable))
                {
                    var w = p.Value.ToArray();
                    var g = p.Grad!.ToArray();
                    for (int i = 0; i < w.Length; i++) w[i] -= 0.1f * g[i];
                    p.Value.CopyFrom(w);
                }
                before = model.Predict([.. inputs]);
                model.SaveWeights(path, epoch: 1);
            }
            using var restored = new Model(NetworkFactory.Create(kind, NetworkDimensions.Small, seed: 12345), device);
            Assert.NotEqual(before, restored.Predict([.. inputs]));
            restored.LoadWeights(path);
            Assert.Equal(before, restored.Predict([.. inputs]));
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }
}
