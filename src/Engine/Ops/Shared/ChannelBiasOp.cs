using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops.Shared;

/// <summary>
/// The bias kernels of bias.c for tensors viewed as (outer, channels, inner): adding a per-channel bias
/// (forward) and summing a gradient per channel (the bias gradient).
/// </summary>
internal static class ChannelBiasOp
{
    private const string File = "bias.c";

    /// <summary>y[o, c, p] += b[c].</summary>
    public static void Add(GpuDevice gpu, Tensor y, Tensor b, int channels, int inner)
    {
        int planes = y.Length / inner;
        var kernel = gpu.Kernel(File, "add_channel_bias");
        if (gpu.Info.Type == DeviceType.Cpu)
        {
            // One work-item per plane, in groups of up to 16 planes: few groups (each costs a scheduling step on a
            // CPU runtime) and a contiguous run per work-item.
            int perGroup = Math.Min(16, planes);
            gpu.Launch(kernel, new Dim3(1, (planes + perGroup - 1) / perGroup), new Dim3(1, perGroup), y, b, channels, inner, planes);
            return;
        }
        int group = gpu.DefaultGroupSize;
        gpu.Launch(kernel, new Dim3(gpu.GridStrideGroups(inner, group).X, Math.Min(planes, 65535)), new Dim3(group), y, b, channels, inner, planes);
    }

    /// <summary>db[c] = sum over o, p of dy[o, c, p] (overwrites db).</summary>
    public static void Sum(GpuDevice gpu, Tensor dy, Tensor db, int outer, int channels, int inner)
    {
        if (CpuKernels.Use(gpu))
        {
            // One channel per work-item along its contiguous planes (cpu_rows.c).
            CpuKernels.LaunchItems(gpu, gpu.Kernel(CpuKernels.File, "channel_sum_cpu"), channels, dy, db, outer, channels, inner);
            return;
        }
        // Largest power of two the device allows, at most 256: enough work-items per channel to share the sum.
        int group = 1;
        while (group * 2 <= Math.Min(256, gpu.Info.MaxGroupSize)) group *= 2;
        var groups = gpu.GridStrideGroups(channels, 1);
        gpu.Launch(gpu.Kernel(File, "channel_sum", $"CS_GROUP={group}"), groups, new Dim3(group), dy, db, outer, channels, inner);
    }
}
