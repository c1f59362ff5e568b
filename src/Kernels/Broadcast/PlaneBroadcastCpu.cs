using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Broadcast;

/// <summary>
/// y[p, j] = factor * s[p] over (n / planeSize) planes: spatial broadcast (factor 1) and global average
/// pooling's backward (factor 1 / (H*W)). A plane at a time: one product, then a fill.
/// </summary>
public static unsafe class PlaneBroadcastCpu
{
    public static void Run(CpuWorkers workers, float* s, float* y, int planeSize, float factor, int n) =>
        Chunked.Items(workers, n / planeSize, planeSize, (begin, end) =>
        {
            for (int p = begin; p < end; p++) new Span<float>(y + (long)p * planeSize, planeSize).Fill(factor * s[p]);
        });
}
