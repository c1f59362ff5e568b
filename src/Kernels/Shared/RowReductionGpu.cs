using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.Shared;

/// <summary>
/// Row reductions of a row-major (rows x len) matrix: one group per row (grid-strided over the rows), each
/// work-item folding a strided slice of the row, then a tree in shared memory; the order depends on len only.
/// </summary>
public static class RowReductionGpu
{
    /// <summary>out[r] = factor * sum of x[r * len .. (r + 1) * len).</summary>
    public static void Sum(ArrayView<float> x, ArrayView<float> output, int rows, int len, float factor)
    {
        var tile = SharedMemory.Allocate<float>(GpuLaunch.Group);
        for (int r = Grid.IdxX; r < rows; r += Grid.DimX)
        {
            long start = (long)r * len;
            float acc = 0f;
            for (int j = Group.IdxX; j < len; j += GpuLaunch.Group) acc += x[start + j];
            float sum = GpuLaunch.TreeSum(tile, acc);
            if (Group.IdxX == 0) output[r] = factor * sum;
        }
    }

    /// <summary>out[r] = sum of a[r * len + j] * b[r * len + j].</summary>
    public static void Dot(ArrayView<float> a, ArrayView<float> b, ArrayView<float> output, int rows, int len)
    {
        var tile = SharedMemory.Allocate<float>(GpuLaunch.Group);
        for (int r = Grid.IdxX; r < rows; r += Grid.DimX)
        {
            long start = (long)r * len;
            float acc = 0f;
            for (int j = Group.IdxX; j < len; j += GpuLaunch.Group) acc += a[start + j] * b[start + j];
            float sum = GpuLaunch.TreeSum(tile, acc);
            if (Group.IdxX == 0) output[r] = sum;
        }
    }

    /// <summary>The relative rounding bound of these sums for rows of len values (the slices, the tree, the factor).</summary>
    public static double Bound(int len) => ((len + GpuLaunch.Group - 1) / GpuLaunch.Group + GpuLaunch.GroupLog2 + 2) / (double)(1 << 24);
}
