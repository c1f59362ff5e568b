using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Optim;
using GrnGpu.Models;
using GrnGpu.Models.Networks;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Training;

/// <summary>The training step on a small RNA network (every layer kind, 16 x 16 histograms) on OpenCL.</summary>
public class TrainerTests
{
    private static Model SmallRna(string kind, int seed = 3) =>
        new(NetworkFactory.Create(ModelKind.Rna, NetworkDimensions.Small, seed), TestDevices.Get(kind));

    /// <summary>Class 1: mass on the diagonal; class 0: on the anti-diagonal; plus noise. Easy to separate.</summary>
    private static (float[] X, float[] Y) Separable(int n, int bins, int seed)
    {
        var random = new Random(seed);
        var x = new float[n * bins * bins];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 2;
            for (int r = 0; r < bins; r++)
            for (int c = 0; c < bins; c++)
            {
                bool on = y[i] == 1 ? r == c : r == bins - 1 - c;
                x[(i * bins + r) * bins + c] = (on ? 0.8f : 0f) + 0.2f * (float)random.NextDouble();
            }
        }
        return (x, y);
    }

    private static Tensor Upload(Model model, float[] x, int n) =>
        Tensor.FromArray(model.Device, model.Network.Inputs[0].WithBatch(n), x.AsSpan(0, n * model.Network.Inputs[0].Height * model.Network.Inputs[0].Width));

    [Fact]
    public void LossFallsOnASeparableProblem()
    {
        using var model = SmallRna("cpu");
        using var trainer = new Trainer(model, LearningRateSchedule.Constant(3e-3), seed: 1);
        var (x, y) = Separable(16, 16, 1);
        using var input = Upload(model, x, 16);
        var first = trainer.Step([input], y, epoch: 0);
        StepResult last = first;
        for (int i = 0; i < 40; i++) last = trainer.Step([input], y, epoch: 0);
        Assert.Equal(41, trainer.Steps);
        Assert.True(last.Loss < 0.5 * first.Loss, $"loss {first.Loss} -> {last.Loss}");
        Assert.Equal(16, last.Correct);
    }

    /// <summary>
    /// The step clears the gradients first: after two steps, the store holds exactly the second step's gradients,
    /// as a fresh backward of the second batch on the weights the first step left gives them.
    /// </summary>
    [Fact]
    public void EachStepStartsFromZeroGradients()
    {
        using var model = SmallRna("cpu");
        using var trainer = new Trainer(model, LearningRateSchedule.Constant(1e-3), seed: 1);
        var (x1, y1) = Separable(8, 16, 1);
        var (x2, y2) = Separable(8, 16, 2);
        using var a = Upload(model, x1, 8);
        using var b = Upload(model, x2, 8);
        trainer.Step([a], y1, 0);
        // What a clean backward of batch b gives, on the weights after step 1; the step below draws the same dropout
        // masks (step 2's), so its gradients must match exactly.
        var weights = model.ReadValues();
        using var replica = SmallRna("cpu");
        replica.WriteValues(weights);
        using (var labels = Tensor.FromArray(replica.Device, new Shape(8, 1), y2))
        using (var tape = Tape.Train())
        {
            tape.Backward(F.BinaryCrossEntropy(replica.Forward([new Variable(b)], trainer.DropoutSeed(2)), labels));
        }
        trainer.Step([b], y2, 0);
        Assert.Equal(replica.Parameters.Grads.ToArray(), model.Parameters.Grads.ToArray());
    }

    /// <summary>
    /// The first batch-norm layer sees the same inputs whatever the statistics (only convolutions come before it), so
    /// recalibrating over batches A and B must give the mean of recalibrating over A alone and over B alone.
    /// </summary>
    [Fact]
    public void RecalibrationAveragesTheBatchStatistics()
    {
        using var model = SmallRna("cpu");
        using var trainer = new Trainer(model, LearningRateSchedule.Constant(1e-3));
        var (x1, _) = Separable(8, 16, 1);
        var (x2, _) = Separable(8, 16, 5);
        using var a = Upload(model, x1, 8);
        using var b = Upload(model, x2, 8);
        string mean = model.Network.Parameters.First(p => p.Name.EndsWith("moving_mean", StringComparison.Ordinal)).Name;
        float[] MeanAfter(params Tensor[] batches)
        {
            Assert.Equal(batches.Length, trainer.RecalibrateBatchNorm(batches.Select(t => (IReadOnlyList<Tensor>)[t])));
            return model.Parameters[mean].Value.ToArray();
        }
        var onlyA = MeanAfter(a);
        var onlyB = MeanAfter(b);
        var both = MeanAfter(a, b);
        Assert.Contains(onlyA, v => v != 0);
        for (int i = 0; i < both.Length; i++)
            Assert.Equal((onlyA[i] + onlyB[i]) / 2, both[i], Math.Max(Math.Abs(both[i]), 1e-3f) * 1e-5f);
    }

    [Fact]
    public void ANonFiniteLossStopsWithTheStepNamed()
    {
        using var model = SmallRna("cpu");
        using var trainer = new Trainer(model, LearningRateSchedule.Constant(1e-3));
        var (x, y) = Separable(4, 16, 1);
        // A NaN in the output layer's bias (max pooling would swallow one in the input) makes every probability NaN.
        var last = model.Network.Parameters.Last(p => p.Trainable);
        model.Parameters[last.Name].Value.CopyFrom(Enumerable.Repeat(float.NaN, last.Shape.Size).ToArray());
        using var input = Upload(model, x, 4);
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Step([input], y, epoch: 2));
        Assert.Contains("step 1 (epoch 3)", e.Message);
    }
}
