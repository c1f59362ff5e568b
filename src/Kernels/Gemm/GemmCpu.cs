using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Gemm;

/// <summary>
/// Single-precision matrix products on the CPU: the packed, register-blocked GEMM of <see cref="PackedGemm{TS, TV}"/> at
/// the widest vector width the JIT has (Vector512, Vector256 or Vector128; the choice is a JIT constant). Operands come
/// through packers (<see cref="IRowPacker"/>, <see cref="IColumnPacker"/>), so a convolution hands in its image windows
/// where a plain product hands in matrices. Results do not depend on the thread count.
/// </summary>
public static unsafe class GemmCpu
{
    /// <summary>Depth of one packed block of K.</summary>
    internal const int DepthBlock = 256;
    /// <summary>Rows of A packed at a time (a multiple of every width's register rows).</summary>
    internal const int RowBlock = 1024;

    /// <summary>Rows of a packed A panel at this processor's width.</summary>
    public static int PanelRows =>
        Vector512.IsHardwareAccelerated ? Simd512.Rows : Vector256.IsHardwareAccelerated ? Simd256.Rows : Simd128.Rows;

    /// <summary>Floats that <see cref="PackRows{TA}"/> writes for an m x k operand.</summary>
    public static long PackedRowsFloats(int m, int k) => (long)RoundUp(m, PanelRows) * k;

    /// <summary>
    /// Packs all of an m x k operand A (entry 0) ahead, in the blocks and panels the product reads, for <see cref="PackedRows"/>.
    /// </summary>
    public static void PackRows<TA>(TA a, int m, int k, float* dst) where TA : struct, IRowPacker
    {
        int mr = PanelRows, padded = RoundUp(m, mr);
        for (int k0 = 0; k0 < k; k0 += DepthBlock)
        {
            int kc = Math.Min(DepthBlock, k - k0);
            float* block = dst + (long)k0 * padded;
            for (int r0 = 0; r0 < m; r0 += mr) a.Pack(0, r0, Math.Min(mr, m - r0), k0, kc, mr, block + (long)r0 * kc);
        }
    }

    /// <summary>
    /// C = alpha * sum over entries of A_e B_e (+ bias) + beta * C (see <see cref="GemmOutput"/>), A m x k and B k x n;
    /// spread over <paramref name="workers"/>, or on the calling thread alone when null.
    /// </summary>
    public static void Run<TA, TB>(CpuWorkers? workers, int m, int n, int k, TA a, TB b, GemmOutput c, int entries = 1)
        where TA : struct, IRowPacker where TB : struct, IColumnPacker
    {
        if (Vector512.IsHardwareAccelerated) PackedGemm<Simd512, Vector512<float>>.Run(workers, m, n, k, a, b, c, entries);
        else if (Vector256.IsHardwareAccelerated) PackedGemm<Simd256, Vector256<float>>.Run(workers, m, n, k, a, b, c, entries);
        else PackedGemm<Simd128, Vector128<float>>.Run(workers, m, n, k, a, b, c, entries);
    }

    /// <summary>
    /// The device GEMM on row-major matrices (a GemmCall): batch products at strides, or their sum into one C when sumBatch.
    /// </summary>
    public static void Multiply(CpuWorkers workers, int m, int n, int k,
        float* a, long lda, bool transposeA, long strideA, float* b, long ldb, bool transposeB, long strideB,
        float* c, long ldc, long strideC, float alpha, float beta, int batch, bool sumBatch)
    {
        if (sumBatch || batch == 1)
        {
            Run(workers, m, n, k, new MatrixRows(a, lda, transposeA, strideA), new MatrixColumns(b, ldb, transposeB, strideB),
                new GemmOutput(c, ldc, alpha, beta), sumBatch ? batch : 1);
            return;
        }
        // Separate products: one per thread at a time when there are enough to go round, else each spread over the threads.
        void One(CpuWorkers? w, int e) => Run(w, m, n, k, new MatrixRows(a + e * strideA, lda, transposeA),
            new MatrixColumns(b + e * strideB, ldb, transposeB), new GemmOutput(c + e * strideC, ldc, alpha, beta));
        if (workers.Threads > 1 && batch >= workers.Threads)
            workers.For(batch, 1, (lo, hi) =>
            {
                for (int e = lo; e < hi; e++) One(null, e);
            });
        else
            for (int e = 0; e < batch; e++) One(workers, e);
    }

    private static int RoundUp(int x, int to) => (x + to - 1) / to * to;
}
