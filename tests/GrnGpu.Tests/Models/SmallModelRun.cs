using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using GrnGpu.Models;
using GrnGpu.Models.Networks;

namespace GrnGpu.Tests.Models;

/// <summary>
/// One training step (forward, BCE loss, backward) of a small-variant network on a device, from fixed seeded
/// weights, inputs, labels and dropout seed, and everything it produces read back to the host.
/// </summary>
public sealed record SmallModelRun(
    float[] Output,
    float Loss,
    IReadOnlyDictionary<string, float[]> Gradients,
    IReadOnlyDictionary<string, float[]> MovingStatistics,
    float[] InferenceOutput)
{
    public const int Batch = 2;
    public const int WeightSeed = 11;
    public const uint DropoutSeed = 1234;
    public static readonly float[] Labels = [1f, 0f];

    public static Network Network(ModelKind kind) => NetworkFactory.Create(kind, NetworkDimensions.Small, WeightSeed);

    /// <summary>Inputs in [0, 1), like normalised pixels and histogram densities; the same on every device.</summary>
    public static List<float[]> InputValues(Network network)
    {
        var random = new Random(5);
        return network.Inputs.Select(i => Enumerable.Range(0, i.WithBatch(Batch).Size).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
    }

    public static List<Tensor> Inputs(Network network, ComputeDevice device) =>
        network.Inputs.Zip(InputValues(network), (i, v) => Tensor.FromArray(device, i.WithBatch(Batch), v)).ToList();

    public static SmallModelRun On(ComputeDevice device, ModelKind kind)
    {
        var network = Network(kind);
        using var model = new Model(network, device);
        var inputs = Inputs(network, device);
        using var labels = Tensor.FromArray(device, new Shape(Batch, 1), Labels);
        try
        {
            float[] output;
            float loss;
            using (var tape = Tape.Train())
            {
                var p = model.Forward(inputs.Select(t => new Variable(t)).ToList(), DropoutSeed);
                var lossVariable = F.BinaryCrossEntropy(p, labels);
                tape.Backward(lossVariable);
                output = p.Value.ToArray();
                loss = lossVariable.Value.ToArray()[0];
            }
            var gradients = network.Parameters.Where(p => p.Trainable)
                .ToDictionary(p => p.Name, p => model.Parameters[p.Name].Grad!.ToArray());
            var moving = network.Parameters.Where(p => !p.Trainable)
                .ToDictionary(p => p.Name, p => model.Parameters[p.Name].Value.ToArray());
            return new SmallModelRun(output, loss, gradients, moving, model.Predict([.. inputs]));
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }

    /// <summary>Training-mode loss for the current parameter values (used by the finite-difference check).</summary>
    public static double TrainingLoss(Model model, IReadOnlyList<Tensor> inputs, Tensor labels)
    {
        using var tape = Tape.Train();
        var p = model.Forward(inputs.Select(t => new Variable(t)).ToList(), DropoutSeed);
        return F.BinaryCrossEntropy(p, labels).Value.ToArray()[0];
    }
}
