using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops.Shared;

/// <summary>
/// Launches the row reductions of reduce.c: one work-group per row of a row-major (rows x len) matrix, a tree in
/// shared memory. The group size is the largest power of two within the device's default group size (the tree
/// halves it), compiled in as RED_GROUP.
/// </summary>
internal static class RowReduction
{
    /// <summary>The largest power of two not above the device's default group size.</summary>
    public static int GroupSize(GpuDevice gpu) => 1 << (31 - int.LeadingZeroCount(gpu.DefaultGroupSize));

    /// <summary>The group size the row reductions use on a device, or null where no kernel runs (the reference device).</summary>
    public static int? GroupSizeOn(ComputeDevice device) => device is GpuDevice gpu ? GroupSize(gpu) : null;

    /// <summary>output[r] = factor * sum over j of x[r * len + j], for r in [0, rows).</summary>
    public static void Sum(GpuDevice gpu, DeviceBuffer x, DeviceBuffer output, int rows, int len, float factor)
    {
        int group = GroupSize(gpu);
        gpu.Launch(gpu.Kernel("reduce.c", "rows_sum", $"RED_GROUP={group}"), new Dim3(rows), new Dim3(group), x, output, len, factor);
    }

    /// <summary>output[r] = sum over j of a[r * len + j] * b[r * len + j].</summary>
    public static void Dot(GpuDevice gpu, DeviceBuffer a, DeviceBuffer b, DeviceBuffer output, int rows, int len)
    {
        int group = GroupSize(gpu);
        gpu.Launch(gpu.Kernel("reduce.c", "rows_dot", $"RED_GROUP={group}"), new Dim3(rows), new Dim3(group), a, b, output, len);
    }
}
