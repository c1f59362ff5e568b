using System.Numerics.Tensors;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Axpy;

/// <summary>acc += alpha * g: gradient accumulation and scaled updates.</summary>
public static unsafe class AxpyCpu
{
    /// <summary>TensorPrimitives.MultiplyAdd on each chunk: (g * alpha) + acc, a product and a sum (not fused), as the C kernel.</summary>
    public static void Run(CpuWorkers workers, float* acc, float* g, float alpha, int n) =>
        Chunked.Run(workers, n, (begin, end) =>
        {
            var accumulator = new Span<float>(acc + begin, end - begin);
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(g + begin, end - begin), alpha, accumulator, accumulator);
        });
}
