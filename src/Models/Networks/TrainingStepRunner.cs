using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Optim;

namespace GrnGpu.Models.Networks;

/// <summary>
/// One full training step on fixed random inputs, for `grn profile` and `grn bench`: zero the gradients,
/// forward under <see cref="Tape.Train"/>, binary cross-entropy, backward, Adam update (Keras defaults,
/// learning rate 3e-4; activations released during backward). The step is written here once so that the trainer's own step can replace it.
/// </summary>
public sealed class TrainingStepRunner : IDisposable
{
    private readonly List<Tensor> _inputs;
    private readonly Tensor _labels;
    private readonly Adam _adam;
    private int _step;

    public Model Model { get; }
    public int Batch { get; }
    public ComputeDevice Device => Model.Device;

    public TrainingStepRunner(Model model, int batch, int seed = 1)
    {
        if (batch < 1) throw new GrnException($"the batch must be at least 1, got {batch}");
        Model = model;
        Batch = batch;
        var random = new Random(seed);
        _inputs = model.Network.Inputs.Select(i =>
        {
            var shape = i.WithBatch(batch);
            var values = new float[shape.Size];
            for (int k = 0; k < values.Length; k++) values[k] = random.NextSingle();
            return Tensor.FromArray(model.Device, shape, values);
        }).ToList();
        _labels = Tensor.FromArray(model.Device, new Shape(batch, 1), Enumerable.Range(0, batch).Select(k => (float)(k % 2)).ToArray());
        _adam = new Adam(model.Parameters, LearningRateSchedule.Constant(3e-4));
    }

    /// <summary>Enqueues one training step (does not wait for the device).</summary>
    public void Step()
    {
        Model.Parameters.ZeroGrads();
        using (var tape = Tape.Train())
        {
            var loss = F.BinaryCrossEntropy(Model.Forward(_inputs.Select(t => new Variable(t)).ToList(), (uint)_step), _labels);
            tape.Backward(loss, releaseActivations: true);
        }
        _adam.Update(0);
        _step++;
    }

    /// <summary>One inference forward over the batch (reads the probabilities back).</summary>
    public float[] Infer() => Model.Predict([.. _inputs]);

    public void Dispose()
    {
        _adam.Dispose();
        _labels.Dispose();
        foreach (var t in _inputs) t.Dispose();
    }
}
