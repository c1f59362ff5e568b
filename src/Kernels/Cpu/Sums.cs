using System.Runtime.Intrinsics;

namespace GrnGpu.Kernels.Cpu;

/// <summary>
/// Sums of contiguous runs of floats in double (<see cref="Streams.Sum"/>): the result is the exact sum to within
/// about len * 2^-53 relative to the sum of |terms|, so a caller's one rounding to float dominates; products of two
/// floats are exact in double.
/// </summary>
public static unsafe class Sums
{
    public static double Sum(float* x, int len)
    {
        var op = new Run(x);
        return Streams.Sum(ref op, len).Item1;
    }

    public static double Dot(float* a, float* b, int len)
    {
        var op = new Products(a, b);
        return Streams.Sum(ref op, len).Item1;
    }

    private readonly struct Run(float* x) : ISumOperator
    {
        public (double, double) Invoke(int i) => (x[i], 0);

        public (Vector128<double>, Vector128<double>) Invoke128(int i)
        {
            var (lo, hi) = Vector128.Widen(Vector128.Load(x + i));
            return (lo + hi, Vector128<double>.Zero);
        }

        public (Vector256<double>, Vector256<double>) Invoke256(int i)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Load(x + i));
            return (lo + hi, Vector256<double>.Zero);
        }

        public (Vector512<double>, Vector512<double>) Invoke512(int i)
        {
            var (lo, hi) = Vector512.Widen(Vector512.Load(x + i));
            return (lo + hi, Vector512<double>.Zero);
        }
    }

    private readonly struct Products(float* a, float* b) : ISumOperator
    {
        public (double, double) Invoke(int i) => ((double)a[i] * b[i], 0);

        public (Vector128<double>, Vector128<double>) Invoke128(int i)
        {
            var (a0, a1) = Vector128.Widen(Vector128.Load(a + i));
            var (b0, b1) = Vector128.Widen(Vector128.Load(b + i));
            return (a0 * b0 + a1 * b1, Vector128<double>.Zero);
        }

        public (Vector256<double>, Vector256<double>) Invoke256(int i)
        {
            var (a0, a1) = Vector256.Widen(Vector256.Load(a + i));
            var (b0, b1) = Vector256.Widen(Vector256.Load(b + i));
            return (a0 * b0 + a1 * b1, Vector256<double>.Zero);
        }

        public (Vector512<double>, Vector512<double>) Invoke512(int i)
        {
            var (a0, a1) = Vector512.Widen(Vector512.Load(a + i));
            var (b0, b1) = Vector512.Widen(Vector512.Load(b + i));
            return (a0 * b0 + a1 * b1, Vector512<double>.Zero);
        }
    }
}
