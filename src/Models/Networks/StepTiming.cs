using System.Diagnostics;
using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;

namespace GrnGpu.Models.Networks;

/// <summary>Wall-clock milliseconds of one training step's forward and backward, and of one inference forward.</summary>
public sealed record StepTiming(double ForwardMs, double BackwardMs, double InferenceMs)
{
    /// <summary>
    /// Times <paramref name="repeats"/> steps on random inputs (after one untimed step that compiles kernels and
    /// fills the buffer pool) and returns the median of each phase. The device is synchronised around each phase.
    /// </summary>
    public static StepTiming Measure(Model model, int batch, int repeats, OpProfiler? profiler = null)
    {
        var device = model.Device;
        var random = new Random(1);
        var inputs = model.Network.Inputs
            .Select(i => Tensor.FromArray(device, i.WithBatch(batch), Enumerable.Range(0, i.WithBatch(batch).Size).Select(_ => (float)random.NextDouble()).ToArray()))
            .ToList();
        using var labels = Tensor.FromArray(device, new Shape(batch, 1), Enumerable.Range(0, batch).Select(i => (float)(i % 2)).ToArray());
        try
        {
            var forward = new List<double>();
            var backward = new List<double>();
            var inference = new List<double>();
            for (int r = 0; r <= repeats; r++)
            {
                if (r == 1) profiler?.Reset(device);   // the warm-up step compiled kernels: not part of the profile
                profiler?.Skip(device);
                var watch = Stopwatch.StartNew();
                using (var tape = Tape.Train())
                {
                    var loss = F.BinaryCrossEntropy(model.Forward(inputs.Select(t => new Variable(t)).ToList(), (uint)r), labels);
                    device.Synchronize();
                    double f = watch.Elapsed.TotalMilliseconds;
                    tape.Backward(loss);
                    device.Synchronize();
                    if (r > 0)
                    {
                        forward.Add(f);
                        backward.Add(watch.Elapsed.TotalMilliseconds - f);
                    }
                }
                watch.Restart();
                model.Predict([.. inputs]);
                if (r > 0) inference.Add(watch.Elapsed.TotalMilliseconds);
            }
            return new StepTiming(Median(forward), Median(backward), Median(inference));
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
