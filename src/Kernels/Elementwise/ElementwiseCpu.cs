using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Elementwise;

/// <summary>
/// The element-wise drivers: one per access pattern, each running its operator over n floats at the widest vector
/// width the processor accelerates (Vector512, then 256, then 128), and splitting long ranges over the worker pool. The
/// tail of a range runs the same vector form on a zero-padded copy, so every element goes through the same arithmetic
/// wherever it falls (an operator's scalar form, e.g. the C runtime's expf, may differ from its vector form in the last
/// bit): results depend neither on the thread count nor on the length. Outputs may alias inputs index for index (each
/// vector is loaded before it is stored). The scalar form runs only where the processor has no SIMD at all.
/// </summary>
public static unsafe class ElementwiseCpu
{
    public static void Unary<TOp>(CpuWorkers workers, TOp op, float* x, float* y, int n) where TOp : struct, IUnaryOperator =>
        Chunked.Run(workers, n, (begin, end) => Unary(op, x, y, begin, end));

    public static void Binary<TOp>(CpuWorkers workers, TOp op, float* a, float* b, float* y, int n) where TOp : struct, IBinaryOperator =>
        Chunked.Run(workers, n, (begin, end) => Binary(op, a, b, y, begin, end));

    public static void Indexed<TOp>(CpuWorkers workers, TOp op, float* x, float* y, int n) where TOp : struct, IIndexedOperator =>
        Chunked.Run(workers, n, (begin, end) => Indexed(op, x, y, begin, end));

    private static void Unary<TOp>(TOp op, float* x, float* y, int begin, int end) where TOp : struct, IUnaryOperator
    {
        int i = begin;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= end - 16; i += 16) Vector512.Store(op.Invoke(Vector512.Load(x + i)), y + i);
            if (i < end) Tail<Vector512<float>>(end - i, x + i, null, y + i, (a, _) => op.Invoke(a));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= end - 8; i += 8) Vector256.Store(op.Invoke(Vector256.Load(x + i)), y + i);
            if (i < end) Tail<Vector256<float>>(end - i, x + i, null, y + i, (a, _) => op.Invoke(a));
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= end - 4; i += 4) Vector128.Store(op.Invoke(Vector128.Load(x + i)), y + i);
            if (i < end) Tail<Vector128<float>>(end - i, x + i, null, y + i, (a, _) => op.Invoke(a));
        }
        else
            for (; i < end; i++) y[i] = op.Invoke(x[i]);
    }

    private static void Binary<TOp>(TOp op, float* a, float* b, float* y, int begin, int end) where TOp : struct, IBinaryOperator
    {
        int i = begin;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= end - 16; i += 16) Vector512.Store(op.Invoke(Vector512.Load(a + i), Vector512.Load(b + i)), y + i);
            if (i < end) Tail<Vector512<float>>(end - i, a + i, b + i, y + i, (u, v) => op.Invoke(u, v));
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= end - 8; i += 8) Vector256.Store(op.Invoke(Vector256.Load(a + i), Vector256.Load(b + i)), y + i);
            if (i < end) Tail<Vector256<float>>(end - i, a + i, b + i, y + i, (u, v) => op.Invoke(u, v));
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= end - 4; i += 4) Vector128.Store(op.Invoke(Vector128.Load(a + i), Vector128.Load(b + i)), y + i);
            if (i < end) Tail<Vector128<float>>(end - i, a + i, b + i, y + i, (u, v) => op.Invoke(u, v));
        }
        else
            for (; i < end; i++) y[i] = op.Invoke(a[i], b[i]);
    }

    private static void Indexed<TOp>(TOp op, float* x, float* y, int begin, int end) where TOp : struct, IIndexedOperator
    {
        int i = begin;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= end - 16; i += 16) Vector512.Store(op.Invoke(Vector512.Load(x + i), Vector512<uint>.Indices + Vector512.Create((uint)i)), y + i);
        else if (Vector256.IsHardwareAccelerated)
            for (; i <= end - 8; i += 8) Vector256.Store(op.Invoke(Vector256.Load(x + i), Vector256<uint>.Indices + Vector256.Create((uint)i)), y + i);
        else if (Vector128.IsHardwareAccelerated)
            for (; i <= end - 4; i += 4) Vector128.Store(op.Invoke(Vector128.Load(x + i), Vector128<uint>.Indices + Vector128.Create((uint)i)), y + i);
        for (; i < end; i++) y[i] = op.Invoke(x[i], (uint)i);
    }

    /// <summary>
    /// The last count (&lt; one vector) elements through the vector form: inputs copied into zero-padded vectors on the
    /// stack, the result's first count lanes copied out.
    /// </summary>
    private static void Tail<TVector>(int count, float* a, float* b, float* y, Func<TVector, TVector, TVector> op) where TVector : unmanaged
    {
        int lanes = sizeof(TVector) / sizeof(float);
        float* pa = stackalloc float[lanes], pb = stackalloc float[lanes], py = stackalloc float[lanes];
        new Span<float>(pa, lanes).Clear();
        new Span<float>(pb, lanes).Clear();
        new ReadOnlySpan<float>(a, count).CopyTo(new Span<float>(pa, lanes));
        if (b != null) new ReadOnlySpan<float>(b, count).CopyTo(new Span<float>(pb, lanes));
        *(TVector*)py = op(*(TVector*)pa, *(TVector*)pb);
        new ReadOnlySpan<float>(py, count).CopyTo(new Span<float>(y, count));
    }
}
