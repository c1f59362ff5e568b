using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.BatchNorm;

/// <summary>
/// The terms of a channel's first two moments about a shift K (one of its values): x - K and (x - K)^2, in double.
/// Both sums come from one read of x; shifting by a value of the channel keeps the variance's subtraction
/// (E[(x-K)^2] - E[x-K]^2) from cancelling when the mean is large next to the spread.
/// </summary>
internal readonly unsafe struct BatchNormMoments(float* x, double shift) : ISumOperator
{
    public (double, double) Invoke(int i)
    {
        double d = x[i] - shift;
        return (d, d * d);
    }

    public (Vector128<double>, Vector128<double>) Invoke128(int i)
    {
        var (lo, hi) = Vector128.Widen(Vector128.Load(x + i));
        var k = Vector128.Create(shift);
        var (d0, d1) = (lo - k, hi - k);
        return (d0 + d1, d0 * d0 + d1 * d1);
    }

    public (Vector256<double>, Vector256<double>) Invoke256(int i)
    {
        var (lo, hi) = Vector256.Widen(Vector256.Load(x + i));
        var k = Vector256.Create(shift);
        var (d0, d1) = (lo - k, hi - k);
        return (d0 + d1, d0 * d0 + d1 * d1);
    }

    public (Vector512<double>, Vector512<double>) Invoke512(int i)
    {
        var (lo, hi) = Vector512.Widen(Vector512.Load(x + i));
        var k = Vector512.Create(shift);
        var (d0, d1) = (lo - k, hi - k);
        return (d0 + d1, d0 * d0 + d1 * d1);
    }
}
