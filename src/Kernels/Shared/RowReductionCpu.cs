using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Shared;

/// <summary>
/// Row reductions of a row-major (rows x len) matrix: NCHW planes for global average pooling and the
/// backwards of broadcast and channel scaling. One row per thread at a time, each summed in double (Sums) and
/// rounded once, so the result does not depend on the thread count.
/// </summary>
public static unsafe class RowReductionCpu
{
    /// <summary>output[r] = factor * sum of row r.</summary>
    public static void Sum(CpuWorkers workers, float* x, float* output, int rows, int len, float factor) =>
        Chunked.Items(workers, rows, len, (begin, end) =>
        {
            for (int r = begin; r < end; r++) output[r] = (float)(factor * Sums.Sum(x + (long)r * len, len));
        });

    /// <summary>output[r] = sum over j of a[r, j] * b[r, j].</summary>
    public static void Dot(CpuWorkers workers, float* a, float* b, float* output, int rows, int len) =>
        Chunked.Items(workers, rows, 2L * len, (begin, end) =>
        {
            for (int r = begin; r < end; r++) output[r] = (float)Sums.Dot(a + (long)r * len, b + (long)r * len, len);
        });
}
