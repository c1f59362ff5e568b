using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.Concat;

/// <summary>
/// Channel concatenation's copies: blocks blocks of block floats, block b from
/// src[b * srcStride + srcOffset ..] to dst[b * dstStride + dstOffset ..].
/// </summary>
public static class CopyBlocksGpu
{
    /// <summary>The copy's layout, one kernel parameter.</summary>
    public readonly record struct Layout(int SrcStride, int SrcOffset, int DstStride, int DstOffset, int Block, int Blocks);

    public static void Run(Layout l, ArrayView<float> src, ArrayView<float> dst)
    {
        long n = (long)l.Block * l.Blocks;
        for (long i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride)
        {
            long b = i / l.Block, r = i - b * l.Block;
            dst[b * l.DstStride + l.DstOffset + r] = src[b * l.SrcStride + l.SrcOffset + r];
        }
    }
}
