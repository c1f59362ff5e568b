using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops;

/// <summary>
/// Launches for the CPU-path kernels: one work-item per item, no grid-stride cap. A CPU OpenCL runtime (PoCL)
/// runs a group's work-items one after another on one core, each through its whole grid-stride loop; with a
/// capped grid, a work-item's successive items lie a whole grid apart and neighbouring items run far apart in
/// time, so nothing stays in cache. Covering the items puts neighbours in consecutive work-items. The kernels
/// keep their grid-stride loops, so any grid is correct. Groups shrink when items are few (long per-item loops,
/// such as one packed panel each) so that every core still gets several groups.
/// </summary>
public static class CoveringLaunch
{
    public static void Run(GpuDevice gpu, GpuKernel kernel, long items, params ReadOnlySpan<KernelArg> args)
    {
        long perCoreShare = Math.Max(1, items / (4L * Math.Max(1, gpu.Info.ComputeUnits)));
        int group = (int)Math.Min(gpu.DefaultGroupSize, perCoreShare);
        long groups = Math.Max(1, (items + group - 1) / group);
        gpu.Launch(kernel, new Dim3((int)Math.Min(groups, int.MaxValue / group)), new Dim3(group), args);
    }
}
