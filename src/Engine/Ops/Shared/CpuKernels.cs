using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops.Shared;

/// <summary>
/// Whether the launchers use the CPU-shaped kernels of cpu_rows.c (reductions, bias gradient, batch norm: work-groups
/// of one work-item running along contiguous memory) instead of the tree reductions in shared memory that suit GPUs.
/// They do on OpenCL CPU devices. <see cref="ForceGpuForms"/> (per thread) makes them take the GPU forms there, so
/// that the checks can cover both on a machine without a GPU.
/// </summary>
public static class CpuKernels
{
    public const string File = "cpu_rows.c";

    /// <summary>The interleaved accumulators of each sum in cpu_rows.c (LANES).</summary>
    public const int Lanes = 16;

    [ThreadStatic] private static bool _forceGpuForms;

    /// <summary>On this thread, launch the GPU forms even on CPU devices (checks of the GPU path).</summary>
    public static bool ForceGpuForms
    {
        get => _forceGpuForms;
        set => _forceGpuForms = value;
    }

    public static bool Use(GpuDevice gpu) =>
        !_forceGpuForms && gpu.Info.Type == DeviceType.Cpu && gpu.Target == Kernels.KernelTarget.OpenCl;

    /// <summary>
    /// Launches <paramref name="kernel"/> as <paramref name="items"/> work-groups of one work-item each (GLOBAL_ID(0) is
    /// the item), for kernels whose work-items each run a long contiguous loop.
    /// </summary>
    public static void LaunchItems(GpuDevice gpu, GpuKernel kernel, int items, params ReadOnlySpan<KernelArg> args) =>
        gpu.Launch(kernel, new Dim3(Math.Max(1, items)), new Dim3(1), args);

    /// <summary>Rows per work-item for <paramref name="rows"/> rows: about eight work-items per core, each a run of whole rows.</summary>
    public static int RowsPerItem(GpuDevice gpu, int rows)
    {
        int items = 8 * Math.Max(1, gpu.Info.ComputeUnits);
        return Math.Max(1, (rows + items - 1) / items);
    }

    /// <summary>y[p][j] = factor * s[p] over planes of planeSize floats (channel.c plane_broadcast, or its CPU form).</summary>
    public static void PlaneBroadcast(GpuDevice gpu, Tensor s, Tensor y, int planeSize, float factor, int length) =>
        PerPlane(gpu, "plane_broadcast", planeSize, length, s, y, planeSize, factor);

    /// <summary>y[p][j] = x[p][j] * s[p] over planes of planeSize floats (channel.c channel_scale, or its CPU form).</summary>
    public static void ChannelScale(GpuDevice gpu, Tensor x, Tensor s, Tensor y, int planeSize, int length) =>
        PerPlane(gpu, "channel_scale", planeSize, length, x, s, y, planeSize);

    /// <summary>
    /// A per-plane kernel of channel.c (one work-item per element, arguments then the length) or, on CPU devices, its
    /// form in cpu_rows.c (name + "_cpu": a run of whole planes per work-item, arguments then planes and planes per item).
    /// </summary>
    private static void PerPlane(GpuDevice gpu, string entry, int planeSize, int length, params KernelArg[] head)
    {
        if (Use(gpu))
        {
            int planes = length / planeSize, per = RowsPerItem(gpu, planes);
            LaunchItems(gpu, gpu.Kernel(File, entry + "_cpu"), (planes + per - 1) / per, [.. head, planes, per]);
            return;
        }
        gpu.Launch1D(gpu.Kernel("channel.c", entry), length, [.. head, length]);
    }

    /// <summary>
    /// Copies <paramref name="blocks"/> blocks of <paramref name="block"/> floats between strided places (elementwise.c
    /// copy_blocks; on CPU devices cpu_rows.c's copy_blocks_cpu, each block cut into runs of at least 16 Ki floats).
    /// </summary>
    public static void CopyBlocks(GpuDevice gpu, DeviceBuffer src, int srcStride, int srcOffset, DeviceBuffer dst, int dstStride, int dstOffset,
        int block, int blocks)
    {
        if (Use(gpu))
        {
            int pieces = Math.Max(1, Math.Min(block / (1 << 14), (8 * Math.Max(1, gpu.Info.ComputeUnits) + blocks - 1) / blocks));
            LaunchItems(gpu, gpu.Kernel(File, "copy_blocks_cpu"), blocks * pieces, src, srcStride, srcOffset, dst, dstStride, dstOffset, block, blocks, pieces);
            return;
        }
        gpu.Launch1D(gpu.Kernel("elementwise.c", "copy_blocks"), (long)block * blocks, src, srcStride, srcOffset, dst, dstStride, dstOffset, block, blocks);
    }
}
