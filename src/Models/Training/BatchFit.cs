using GrnGpu.Engine.Devices;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Training;

/// <summary>
/// The largest training batch whose step fits in a GPU's memory, found without the GPU: a step of the model runs on the
/// simulated GPU (<see cref="IlgpuDevice.Simulated"/>: the same kernels and buffers, nothing executed, nothing allocated),
/// whose buffer pool records the most it had in use; a batch fits when that peak stays within the memory given.
/// </summary>
public static class BatchFit
{
    /// <summary>Peak bytes of a training step (parameters, Adam's moments, activations, gradients, scratch) at a batch size.</summary>
    public static long StepPeakBytes(ModelKind kind, NetworkDimensions dimensions, int batch)
    {
        using var device = IlgpuDevice.Simulated(GpuLimits.H100 with { MemoryBytes = long.MaxValue / 4 });
        using (var step = new AuditedTrainingStep(kind, device, batch, dimensions))
        {
            step.Run();
            step.Run();   // the second step holds what a step in a run holds
        }
        return device.Pool.PeakBytesInUse;
    }

    /// <summary>The largest batch below <paramref name="failed"/> whose step needs at most <paramref name="bytes"/>; 0 when not even 1 fits.</summary>
    public static int Largest(ModelKind kind, NetworkDimensions dimensions, long bytes, int failed)
    {
        int lo = 0, hi = failed - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (StepPeakBytes(kind, dimensions, mid) <= bytes) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>The sentence a failed GPU step adds to its out-of-memory message.</summary>
    public static string Advice(ModelKind kind, NetworkDimensions dimensions, ComputeDevice device, int batch)
    {
        // What the run may use: the GPU's memory less a margin for the driver's own (CUDA context, kernels' code).
        long budget = (long)(device.Info.GlobalMemoryBytes * 0.9);
        int largest = Largest(kind, dimensions, budget, batch);
        return largest > 0
            ? $"the largest batch that fits in {device.Info.GlobalMemoryBytes / 1e9:F1} GB is {largest} (--batch {largest})"
            : $"not even a batch of 1 fits in {device.Info.GlobalMemoryBytes / 1e9:F1} GB: use --device cpu";
    }
}
