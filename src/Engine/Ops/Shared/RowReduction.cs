using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops.Shared;

/// <summary>
/// Launches the row reductions of reduce.c: one work-group per row of a row-major (rows x len) matrix, a tree in
/// shared memory. The group size is the largest power of two within the device's default group size (the tree
/// halves it), compiled in as RED_GROUP. On CPU devices cpu_rows.c's instead: runs of whole rows per work-item,
/// interleaved accumulators.
/// </summary>
internal static class RowReduction
{
    /// <summary>
    /// How many partial sums a row is split into before they are folded by a tree of log2 levels: the group size on
    /// GPUs, the interleaved accumulators of the CPU kernels (cpu_rows.c) on CPU devices. Rounding bounds use it.
    /// </summary>
    public static int Width(GpuDevice gpu) => CpuKernels.Use(gpu) ? CpuKernels.Lanes : GroupSize(gpu);

    /// <summary>The largest power of two not above the device's default group size.</summary>
    public static int GroupSize(GpuDevice gpu) => 1 << (31 - int.LeadingZeroCount(gpu.DefaultGroupSize));

    /// <summary>The group size the row reductions use on a device, or null where no kernel runs (the reference device).</summary>
    public static int? GroupSizeOn(ComputeDevice device) => device is GpuDevice gpu ? GroupSize(gpu) : null;

    /// <summary><see cref="Width"/> on a kernel device; null on the reference device.</summary>
    public static int? WidthOn(ComputeDevice device) => device is GpuDevice gpu ? Width(gpu) : null;

    /// <summary>output[r] = factor * sum over j of x[r * len + j], for r in [0, rows).</summary>
    public static void Sum(GpuDevice gpu, DeviceBuffer x, DeviceBuffer output, int rows, int len, float factor)
    {
        if (CpuKernels.Use(gpu))
        {
            int per = CpuKernels.RowsPerItem(gpu, rows);
            CpuKernels.LaunchItems(gpu, gpu.Kernel(CpuKernels.File, "rows_sum_cpu"), (rows + per - 1) / per, x, output, len, factor, rows, per);
            return;
        }
        int group = GroupSize(gpu);
        gpu.Launch(gpu.Kernel("reduce.c", "rows_sum", $"RED_GROUP={group}"), new Dim3(rows), new Dim3(group), x, output, len, factor);
    }

    /// <summary>output[r] = sum over j of a[r * len + j] * b[r * len + j].</summary>
    public static void Dot(GpuDevice gpu, DeviceBuffer a, DeviceBuffer b, DeviceBuffer output, int rows, int len)
    {
        if (CpuKernels.Use(gpu))
        {
            int per = CpuKernels.RowsPerItem(gpu, rows);
            CpuKernels.LaunchItems(gpu, gpu.Kernel(CpuKernels.File, "rows_dot_cpu"), (rows + per - 1) / per, a, b, output, len, rows, per);
            return;
        }
        int group = GroupSize(gpu);
        gpu.Launch(gpu.Kernel("reduce.c", "rows_dot", $"RED_GROUP={group}"), new Dim3(rows), new Dim3(group), a, b, output, len);
    }
}
