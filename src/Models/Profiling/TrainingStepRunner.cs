using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Optim;
using GrnGpu.Engine.Ops;
using GrnGpu.Models.Networks;
using GrnGpu.Models.Training;

namespace GrnGpu.Models.Profiling;

/// <summary>
/// The trainer's step (<see cref="Trainer.Step"/>: zero the gradients, forward in training mode, binary cross-entropy,
/// backward releasing activations, Adam at 3e-4, the batch's probabilities read back) on fixed random inputs, for
/// `grn profile` and `grn bench`: what they time is exactly what `grn train` runs per batch.
/// </summary>
public sealed class TrainingStepRunner : IDisposable
{
    private readonly List<Tensor> _inputs;
    private readonly float[] _labels;
    private readonly Trainer _trainer;

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
        _labels = Enumerable.Range(0, batch).Select(k => (float)(k % 2)).ToArray();
        _trainer = new Trainer(model, LearningRateSchedule.Constant(3e-4), seed);
    }

    /// <summary>One training step; returns when the batch's probabilities are back on the host.</summary>
    public void Step() => _trainer.Step(_inputs, _labels, epoch: 0);

    /// <summary>One inference forward over the batch (reads the probabilities back).</summary>
    public float[] Infer() => Model.Predict([.. _inputs]);

    public void Dispose()
    {
        _trainer.Dispose();
        foreach (var t in _inputs) t.Dispose();
    }
}
