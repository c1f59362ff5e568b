using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using GrnGpu.Models;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Engine;

/// <summary>
/// The cpu device gives the same bits whatever its thread count: every output element and every sum is computed by one
/// thread in a fixed order, so a training run with --threads 1 and one with every core end with the same weights. Checked
/// on one full training step (forward, loss, backward) of each model at full width (with the images shrunk), where the
/// products are large enough to be split over threads and into cache blocks.
/// </summary>
public class CpuDeterminismTests
{
    private static readonly NetworkDimensions Dimensions = NetworkDimensions.Full with { SdiNetImage = (32, 80), FusionImage = (64, 80) };

    [Theory]
    [InlineData(ModelKind.Rna)]
    [InlineData(ModelKind.SdiNet)]
    [InlineData(ModelKind.Fusion)]
    public void OneThreadAndThreeThreadsGiveTheSameBits(ModelKind kind)
    {
        using var single = new CpuDevice(new CpuDeviceOptions(1));
        using var several = new CpuDevice(new CpuDeviceOptions(3));
        var a = Step(single, kind);
        var b = Step(several, kind);
        Assert.Equal(a.Count, b.Count);
        foreach (var (name, values) in a)
            Assert.True(values.AsSpan().SequenceEqual(b[name]), $"{kind}: {name} differs between 1 and 3 threads");
    }

    /// <summary>
    /// In inference a sample's score does not depend on the batch it is scored in (a shard of `grn predict` must give the
    /// bits of the whole run): every element, in a vector body or in a tail, goes through the same arithmetic.
    /// </summary>
    [Theory]
    [InlineData(ModelKind.Rna)]
    [InlineData(ModelKind.SdiNet)]
    [InlineData(ModelKind.Fusion)]
    public void ASampleScoresTheSameAloneAndInABatch(ModelKind kind)
    {
        // 19 = a vector of 16 and a tail of 3 at the widest width: the samples checked alone sit in both.
        const int batch = 19;
        var device = TestDevices.Get("cpu");
        var network = NetworkFactory.Create(kind, Dimensions, seed: 3);
        using var model = new Model(network, device);
        var random = new Random(8);
        var values = network.Inputs.Select(i => Enumerable.Range(0, i.WithBatch(batch).Size).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
        float[] Score(int first, int count)
        {
            var inputs = network.Inputs.Select((input, k) =>
            {
                int per = input.WithBatch(1).Size;
                return Tensor.FromArray(device, input.WithBatch(count), values[k].AsSpan(first * per, count * per));
            }).ToArray();
            try { return model.Predict(inputs); }
            finally { foreach (var t in inputs) t.Dispose(); }
        }
        var together = Score(0, batch);
        foreach (int i in new[] { 0, 7, 16, 18 })
            Assert.True(BitConverter.SingleToInt32Bits(together[i]) == BitConverter.SingleToInt32Bits(Score(i, 1)[0]),
                $"{kind}: sample {i} scored {together[i]:R} in a batch of {batch} and {Score(i, 1)[0]:R} alone");
    }

    /// <summary>The output, the loss and every gradient of one training step at batch 4.</summary>
    private static Dictionary<string, float[]> Step(ComputeDevice device, ModelKind kind)
    {
        const int batch = 4;
        var network = NetworkFactory.Create(kind, Dimensions, seed: 3);
        using var model = new Model(network, device);
        var random = new Random(7);
        var inputs = network.Inputs.Select(i => Tensor.FromArray(device, i.WithBatch(batch),
            Enumerable.Range(0, i.WithBatch(batch).Size).Select(_ => (float)random.NextDouble()).ToArray())).ToList();
        using var labels = Tensor.FromArray(device, new Shape(batch, 1), [1f, 0f, 0f, 1f]);
        try
        {
            var result = new Dictionary<string, float[]>();
            using (var tape = Tape.Train())
            {
                var p = model.Forward(inputs.Select(t => new Variable(t)).ToList(), 99);
                var loss = F.BinaryCrossEntropy(p, labels);
                tape.Backward(loss);
                result["output"] = p.Value.ToArray();
                result["loss"] = loss.Value.ToArray();
            }
            foreach (var parameter in network.Parameters.Where(p => p.Trainable))
                result[parameter.Name] = model.Parameters[parameter.Name].Grad!.ToArray();
            return result;
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }
}
