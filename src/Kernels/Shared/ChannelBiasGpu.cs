using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.Shared;

/// <summary>Per-channel bias of tensors viewed as (outer, channels, inner): the add, and its gradient's sum.</summary>
public static class ChannelBiasGpu
{
    /// <summary>y[(o * channels + c) * inner + j] += b[c] over the n floats of y.</summary>
    public static void Add(ArrayView<float> y, ArrayView<float> b, int channels, int inner, int n)
    {
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride) y[i] += b[i / inner % channels];
    }

    /// <summary>
    /// db[c] = sum over o &lt; outer, j &lt; inner of dy[(o * channels + c) * inner + j]: one group per channel (grid-strided),
    /// work-items striding the channel's flat (o, j) index, then a tree.
    /// </summary>
    public static void Sum(ArrayView<float> dy, ArrayView<float> db, int outer, int channels, int inner)
    {
        var tile = SharedMemory.Allocate<float>(GpuLaunch.Group);
        int count = outer * inner;
        for (int c = Grid.IdxX; c < channels; c += Grid.DimX)
        {
            float acc = 0f;
            for (int e = Group.IdxX; e < count; e += GpuLaunch.Group)
            {
                int o = e / inner;
                acc += dy[((long)o * channels + c) * inner + (e - o * inner)];
            }
            float sum = GpuLaunch.TreeSum(tile, acc);
            if (Group.IdxX == 0) db[c] = sum;
        }
    }
}
