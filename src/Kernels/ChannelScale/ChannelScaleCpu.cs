using System.Numerics.Tensors;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.ChannelScale;

/// <summary>
/// Squeeze-excitation's channel-wise multiply: y[p, j] = x[p, j] * s[p] over (n / planeSize) planes, and
/// its input gradient (x = dy). A plane at a time, so there is no division per element (TensorPrimitives.Multiply).
/// </summary>
public static unsafe class ChannelScaleCpu
{
    public static void Run(CpuWorkers workers, float* x, float* s, float* y, int planeSize, int n) =>
        Chunked.Items(workers, n / planeSize, 2L * planeSize, (begin, end) =>
        {
            for (int p = begin; p < end; p++)
            {
                long at = (long)p * planeSize;
                TensorPrimitives.Multiply(new ReadOnlySpan<float>(x + at, planeSize), s[p], new Span<float>(y + at, planeSize));
            }
        });
}
