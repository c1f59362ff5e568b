using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Ops.Adam;
using GrnGpu.Engine.Ops.BinaryCrossEntropy;
using GrnGpu.Engine.Optim;
using GrnGpu.Engine.Reference;
using GrnGpu.Models.Layers;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Training;

/// <summary>What one training step saw: the batch's mean loss and how many samples it got right at 0.5.</summary>
public readonly record struct StepResult(double Loss, int Correct, int Count);

/// <summary>The loss of a step was not a finite number: training has diverged.</summary>
public sealed class TrainingDivergedException(string message) : GrnException(message);

/// <summary>
/// A model with its Adam optimiser: <see cref="Step"/> is one whole training step, the only way the commands train.
/// <code>
///   using var trainer = new Trainer(model, LearningRateSchedule.Constant(3e-4), seed: 1);
///   foreach (var batch in loader.Epoch(epoch))
///   {
///       var inputs = samples.Upload(device, batch);
///       var result = trainer.Step(inputs, batch.Labels.AsSpan(0, batch.Count), epoch);
///       foreach (var t in inputs) t.Dispose();
///   }
/// </code>
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly uint _dropoutSalt;
    private readonly bool _ownsModel;

    public Model Model { get; }
    public Adam Optimizer { get; }

    /// <param name="seed">Salts the dropout masks: step s of a run with seed k always draws the same masks.</param>
    /// <param name="ownsModel">Dispose the model with the trainer.</param>
    public Trainer(Model model, LearningRateSchedule schedule, long seed = 0, AdamSettings? settings = null, bool ownsModel = false)
    {
        Model = model;
        _ownsModel = ownsModel;
        Optimizer = new Adam(model.Parameters, schedule, settings);
        _dropoutSalt = (uint)StableHash.Combine(unchecked((int)seed), "dropout");
    }

    /// <summary>Steps taken so far (restored with the optimiser state on resume).</summary>
    public int Steps => Optimizer.Step;

    /// <summary>
    /// One training step: clear the gradients, forward in training mode, binary cross-entropy, backward, Adam at the
    /// schedule's rate for <paramref name="epoch"/>. The one host read is the batch's probabilities (after the update
    /// has been queued), from which the loss and accuracy the progress bar shows are computed.
    /// </summary>
    public StepResult Step(IReadOnlyList<Tensor> inputs, ReadOnlySpan<float> labels, int epoch)
    {
        var device = Model.Device;
        Model.Parameters.ZeroGrads();
        using var labelTensor = Tensor.FromArray(device, new Shape(labels.Length, 1), labels);
        float[] probabilities;
        using (var tape = Tape.Train())
        {
            var p = Model.Forward(inputs.Select(t => new Variable(t)).ToList(), DropoutSeed(Optimizer.Step + 1));
            tape.Release(p);   // read after backward, which frees every other activation as soon as its gradient is out
            using var keep = p;
            tape.Backward(F.BinaryCrossEntropy(p, labelTensor), releaseActivations: true);
            Optimizer.Update(epoch);
            probabilities = p.Value.ToArray();
        }
        var result = Summarise(probabilities, labels);
        if (!double.IsFinite(result.Loss))
            throw new TrainingDivergedException($"the loss is {result.Loss} at step {Optimizer.Step} (epoch {epoch + 1})");
        return result;
    }

    /// <summary>Edge probabilities in inference mode (moving batch-norm statistics, no dropout).</summary>
    public float[] Predict(IReadOnlyList<Tensor> inputs) => Model.Predict([.. inputs]);

    /// <summary>
    /// Replaces every batch-norm layer's moving statistics by the average of the batch statistics over
    /// <paramref name="batches"/> (forward passes in training mode, nothing recorded): batch k is folded in with
    /// momentum (k-1)/k, so after K batches the moving mean is exactly the mean of the K batch means. Keras' momentum
    /// of 0.99 still carries ~20% of the initial statistics after 160 steps; a short run evaluated with those
    /// predicts one class. Deterministic: the same batches give the same statistics.
    /// </summary>
    public int RecalibrateBatchNorm(IEnumerable<IReadOnlyList<Tensor>> batches)
    {
        int k = 0;
        foreach (var inputs in batches)
        {
            k++;
            using var tape = Tape.Statistics();
            Model.Forward(inputs.Select(t => new Variable(t)).ToList(), DropoutSeed(uint.MaxValue - (uint)k), batchNormMomentum: (k - 1.0) / k);
        }
        return k;
    }

    /// <summary>Mean Keras binary cross-entropy and correct decisions at 0.5, in double precision.</summary>
    public static StepResult Summarise(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels)
    {
        var p = new double[probabilities.Length];
        var y = new double[labels.Length];
        int correct = 0;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = probabilities[i];
            y[i] = labels[i];
            if ((p[i] >= 0.5) == (y[i] >= 0.5)) correct++;
        }
        double loss = p.Any(double.IsNaN) ? double.NaN : BinaryCrossEntropyRef.Loss(p, y);
        return new StepResult(loss, correct, p.Length);
    }

    /// <summary>The dropout seed of step <paramref name="step"/> (1-based): a function of the run's seed and the step alone.</summary>
    public uint DropoutSeed(long step) => unchecked(_dropoutSalt * 2654435761u + (uint)step);

    public void Dispose()
    {
        Optimizer.Dispose();
        if (_ownsModel) Model.Dispose();
    }
}
