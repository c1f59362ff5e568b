using System.Diagnostics;
using GrnGpu.Engine.Devices;

namespace GrnGpu.Models.Profiling;

/// <summary>Wall time of repeated steps on a device: `grn profile`'s unprofiled steps and `grn bench`'s steps.</summary>
public static class StepTimer
{
    /// <summary>
    /// Runs <paramref name="warmup"/> steps, then times <paramref name="steps"/> more one by one, the device synchronised
    /// after each, so that each time covers the step's kernels; milliseconds per step, in order.
    /// </summary>
    public static List<double> Milliseconds(ComputeDevice device, Action step, int steps, int warmup)
    {
        for (int i = 0; i < warmup; i++) step();
        device.Synchronize();
        var times = new List<double>(steps);
        for (int i = 0; i < steps; i++)
        {
            var w = Stopwatch.StartNew();
            step();
            device.Synchronize();
            times.Add(w.Elapsed.TotalMilliseconds);
        }
        return times;
    }
}
