using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Models.Layers;

namespace GrnGpu.Models.Networks;

/// <summary>
/// A network with its parameters on a device. Training step:
/// <code>
///   using var tape = Tape.Train();
///   var p = model.Forward([new Variable(images)], dropoutSeed: step);
///   tape.Backward(F.BinaryCrossEntropy(p, labels));   // gradients in model.Parameters.Grads
/// </code>
/// Inference: <see cref="Predict"/> (moving BN statistics, no dropout, nothing recorded). Its weights and optimiser
/// state go to and from files through <see cref="Checkpoints.ModelCheckpoints"/>.
/// </summary>
public sealed class Model : IDisposable
{
    public Network Network { get; }
    public ParameterStore Parameters { get; }
    public ComputeDevice Device { get; }

    public Model(Network network, ComputeDevice device)
    {
        Network = network;
        Device = device;
        Parameters = new ParameterStore(device, network.Parameters);
    }

    /// <summary>
    /// The (N, 1) edge probability under the open tape (training or inference mode). The dropout seed should change
    /// every training step; it does not matter in inference mode. <paramref name="batchNormMomentum"/> overrides every
    /// batch-norm layer's momentum for this pass (see <see cref="Training.Trainer.RecalibrateBatchNorm"/>).
    /// </summary>
    public Variable Forward(IReadOnlyList<Variable> inputs, uint dropoutSeed = 0, double? batchNormMomentum = null)
    {
        if (inputs.Count != Network.Inputs.Count)
            throw new ArgumentException($"{Network.Kind.Name()} takes {Network.Inputs.Count} input(s), got {inputs.Count}");
        for (int i = 0; i < inputs.Count; i++)
        {
            var expected = Network.Inputs[i];
            var shape = inputs[i].Shape;
            if (shape.Rank != 4 || shape.C != expected.Channels || shape.H != expected.Height || shape.W != expected.Width)
                throw new GrnException($"{Network.Kind.Name()} input '{expected.Name}' must be (N, {expected.Channels}, {expected.Height}, {expected.Width}), got {shape}.");
        }
        return Network.Apply(new VariableGraph(Parameters, dropoutSeed, batchNormMomentum), inputs);
    }

    /// <summary>Edge probabilities for a batch, in inference mode.</summary>
    public float[] Predict(params Tensor[] inputs)
    {
        using var tape = Tape.Inference();
        return Forward(inputs.Select(t => new Variable(t)).ToList()).Value.ToArray();
    }

    /// <summary>Every parameter's current values on the host, in the order of <see cref="Network.Parameters"/>.</summary>
    public IReadOnlyList<float[]> ReadValues() => Network.Parameters.Select(p => Parameters[p.Name].Value.ToArray()).ToList();

    public void WriteValues(IReadOnlyList<float[]> values)
    {
        for (int i = 0; i < values.Count; i++) Parameters[Network.Parameters[i].Name].Value.CopyFrom(values[i]);
    }

    public void Dispose() => Parameters.Dispose();
}
