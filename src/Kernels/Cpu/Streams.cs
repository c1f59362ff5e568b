using System.Runtime.Intrinsics;

namespace GrnGpu.Kernels.Cpu;

/// <summary>
/// The drivers of the stream operators: over a range of indices at the widest vector width the processor accelerates,
/// the rest at narrower widths, the last few indices one at a time. Sums run in a fixed order for a given length and width (one vector accumulator per
/// sum, then its lanes), in double, so a sum of floats is exact to within a final rounding for any practical length.
/// </summary>
public static class Streams
{
    public static void For<TOp>(ref TOp op, int begin, int end) where TOp : struct, IStreamOperator
    {
        // The widest width for the body, then at most one step of each narrower one: short runs (rows of 28 outputs,
        // planes of 49 values) would otherwise spend most of their time in the scalar tail.
        int i = begin;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= end - 16; i += 16) op.Invoke512(i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= end - 8; i += 8) op.Invoke256(i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= end - 4; i += 4) op.Invoke128(i);
        for (; i < end; i++) op.Invoke(i);
    }

    /// <summary><see cref="For"/> over [0, n) split over the worker pool (the operator must not keep state between indices).</summary>
    public static void ForParallel<TOp>(CpuWorkers workers, TOp op, int n) where TOp : struct, IStreamOperator =>
        Chunked.Run(workers, n, (begin, end) =>
        {
            var local = op;
            For(ref local, begin, end);
        });

    /// <summary>The two sums of the operator's terms over [0, n).</summary>
    public static (double, double) Sum<TOp>(ref TOp op, int n) where TOp : struct, ISumOperator
    {
        // As For: the widest width, then the narrower ones on what is left (each width's lanes folded into the sums).
        int i = 0;
        double s0 = 0, s1 = 0;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<double> a0 = Vector512<double>.Zero, a1 = Vector512<double>.Zero;
            for (; i <= n - 16; i += 16)
            {
                var (t0, t1) = op.Invoke512(i);
                a0 += t0;
                a1 += t1;
            }
            (s0, s1) = (Vector512.Sum(a0), Vector512.Sum(a1));
        }
        if (Vector256.IsHardwareAccelerated && i <= n - 8)
        {
            Vector256<double> a0 = Vector256<double>.Zero, a1 = Vector256<double>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var (t0, t1) = op.Invoke256(i);
                a0 += t0;
                a1 += t1;
            }
            (s0, s1) = (s0 + Vector256.Sum(a0), s1 + Vector256.Sum(a1));
        }
        if (Vector128.IsHardwareAccelerated && i <= n - 4)
        {
            Vector128<double> a0 = Vector128<double>.Zero, a1 = Vector128<double>.Zero;
            for (; i <= n - 4; i += 4)
            {
                var (t0, t1) = op.Invoke128(i);
                a0 += t0;
                a1 += t1;
            }
            (s0, s1) = (s0 + Vector128.Sum(a0), s1 + Vector128.Sum(a1));
        }
        for (; i < n; i++)
        {
            var (t0, t1) = op.Invoke(i);
            s0 += t0;
            s1 += t1;
        }
        return (s0, s1);
    }
}
