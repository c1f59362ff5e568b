using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Elementwise;

/// <summary>
/// The element-wise drivers: one per access pattern, each running its operator over n floats at the widest vector
/// width the processor accelerates (Vector512, then 256, then 128), the tail one float at a time, and splitting long
/// ranges over the worker pool. Every element is computed alone, so results do not depend on the thread count, and
/// outputs may alias inputs index for index (each vector is loaded before it is stored).
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
            for (; i <= end - 16; i += 16) Vector512.Store(op.Invoke(Vector512.Load(x + i)), y + i);
        else if (Vector256.IsHardwareAccelerated)
            for (; i <= end - 8; i += 8) Vector256.Store(op.Invoke(Vector256.Load(x + i)), y + i);
        else if (Vector128.IsHardwareAccelerated)
            for (; i <= end - 4; i += 4) Vector128.Store(op.Invoke(Vector128.Load(x + i)), y + i);
        for (; i < end; i++) y[i] = op.Invoke(x[i]);
    }

    private static void Binary<TOp>(TOp op, float* a, float* b, float* y, int begin, int end) where TOp : struct, IBinaryOperator
    {
        int i = begin;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= end - 16; i += 16) Vector512.Store(op.Invoke(Vector512.Load(a + i), Vector512.Load(b + i)), y + i);
        else if (Vector256.IsHardwareAccelerated)
            for (; i <= end - 8; i += 8) Vector256.Store(op.Invoke(Vector256.Load(a + i), Vector256.Load(b + i)), y + i);
        else if (Vector128.IsHardwareAccelerated)
            for (; i <= end - 4; i += 4) Vector128.Store(op.Invoke(Vector128.Load(a + i), Vector128.Load(b + i)), y + i);
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
}
