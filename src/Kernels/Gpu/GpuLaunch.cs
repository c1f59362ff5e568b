using ILGPU;
using ILGPU.Runtime;

namespace GrnGpu.Kernels.Gpu;

/// <summary>
/// The shared pieces of the ILGPU kernels (src/Kernels/&lt;Op&gt;/&lt;Op&gt;Gpu.cs): the group size every 1-D kernel runs
/// with, the launch shapes chosen from the problem's size alone (never from the device, so that every device computes the
/// same sums in the same order), the grid-stride indices and the tree sum of reductions in shared memory.
/// </summary>
public static class GpuLaunch
{
    /// <summary>Work-items per group of every 1-D kernel, and the width of every reduction tree (a power of two).</summary>
    public const int Group = 256;

    /// <summary>log2 of <see cref="Group"/>, for the rounding bounds of the trees.</summary>
    public const int GroupLog2 = 8;

    /// <summary>The most groups a grid-stride launch uses (enough to fill any GPU; more only adds scheduling).</summary>
    public const int MaxGroups = 4096;

    /// <summary>A grid-stride launch over n items: ceil(n / Group) groups, at most <see cref="MaxGroups"/>, at least 1.</summary>
    public static KernelConfig Items(long n) => new((int)Math.Clamp((n + Group - 1) / Group, 1, MaxGroups), Group);

    /// <summary>A launch of one group per row (grid-stride over rows beyond <see cref="MaxGroups"/>).</summary>
    public static KernelConfig Rows(int rows) => new(Math.Clamp(rows, 1, MaxGroups), Group);

    /// <summary>This work-item's index in a 1-D grid.</summary>
    public static int GlobalIndex => Grid.IdxX * ILGPU.Group.DimX + ILGPU.Group.IdxX;

    /// <summary>The step of a 1-D grid-stride loop: every work-item of the grid.</summary>
    public static int GlobalStride => Grid.DimX * ILGPU.Group.DimX;

    /// <summary>
    /// Adds the group's values into tile[0] with a tree of log2 <see cref="Group"/> levels: each work-item passes its own
    /// value; every work-item must call it (it holds barriers), and all read the sum from the result. The tile (Group
    /// floats of shared memory) may be reused after a barrier.
    /// </summary>
    public static float TreeSum(ArrayView<float> tile, float value)
    {
        int lid = ILGPU.Group.IdxX;
        tile[lid] = value;
        ILGPU.Group.Barrier();
        for (int s = Group / 2; s > 0; s >>= 1)
        {
            if (lid < s) tile[lid] += tile[lid + s];
            ILGPU.Group.Barrier();
        }
        float sum = tile[0];
        ILGPU.Group.Barrier();   // every work-item has read the sum before the tile is written again
        return sum;
    }
}
