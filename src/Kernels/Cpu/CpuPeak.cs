using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GrnGpu.Kernels.Cpu;

/// <summary>
/// What the CPU can do at best, measured rather than looked up: the float32 FMA rate of independent vector FMA chains on
/// every thread of a pool (the clock the cores really run at and the width the JIT really uses, which nominal figures do
/// not tell), and the copy bandwidth. The yardsticks `grn devices`, `grn bench` and `grn profile` judge kernels by.
/// </summary>
public static class CpuPeak
{
    /// <summary>GFLOP/s (an FMA counted as two) of 12 independent FMA chains per thread, best of <paramref name="runs"/>.</summary>
    public static double FmaGflops(CpuWorkers workers, int iterations = 1 << 22, int runs = 5)
    {
        int threads = workers.Threads;
        var sink = new float[threads];
        double best = double.MaxValue;
        for (int r = 0; r <= runs; r++)   // run 0 warms up (JIT tiers, clocks)
        {
            long start = Stopwatch.GetTimestamp();
            workers.For(threads, 1, (begin, end) =>
            {
                for (int t = begin; t < end; t++) sink[t] = Chains(iterations);
            });
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (r > 0) best = Math.Min(best, seconds);
        }
        int lanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4;
        return threads * (double)iterations * Chain * lanes * 2 / (best * 1e9);
    }

    private const int Chain = 12;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains(int iterations)
    {
        if (Vector512.IsHardwareAccelerated) return Chains<Vector512<float>>(iterations, Vector512.Create(0.999f), Vector512.Create(1e-6f));
        if (Vector256.IsHardwareAccelerated) return Chains<Vector256<float>>(iterations, Vector256.Create(0.999f), Vector256.Create(1e-6f));
        return Chains<Vector128<float>>(iterations, Vector128.Create(0.999f), Vector128.Create(1e-6f));
    }

    private static float Chains<T>(int iterations, T a, T b)
    {
        // Twelve accumulators: enough independent chains to cover the FMA latency (4 cycles) on two FMA ports.
        T c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b, c6 = b, c7 = b, c8 = b, c9 = b, c10 = b, c11 = b;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Fma(c0, a, b); c1 = Fma(c1, a, b); c2 = Fma(c2, a, b); c3 = Fma(c3, a, b);
            c4 = Fma(c4, a, b); c5 = Fma(c5, a, b); c6 = Fma(c6, a, b); c7 = Fma(c7, a, b);
            c8 = Fma(c8, a, b); c9 = Fma(c9, a, b); c10 = Fma(c10, a, b); c11 = Fma(c11, a, b);
        }
        T sum = Add(Add(Add(c0, c1), Add(c2, c3)), Add(Add(Add(c4, c5), Add(c6, c7)), Add(Add(c8, c9), Add(c10, c11))));
        return First(sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Fma<T>(T c, T a, T b)
    {
        if (typeof(T) == typeof(Vector512<float>))
            return (T)(object)Vector512.FusedMultiplyAdd((Vector512<float>)(object)c!, (Vector512<float>)(object)a!, (Vector512<float>)(object)b!);
        if (typeof(T) == typeof(Vector256<float>))
            return (T)(object)Vector256.FusedMultiplyAdd((Vector256<float>)(object)c!, (Vector256<float>)(object)a!, (Vector256<float>)(object)b!);
        return (T)(object)Vector128.FusedMultiplyAdd((Vector128<float>)(object)c!, (Vector128<float>)(object)a!, (Vector128<float>)(object)b!);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Add<T>(T x, T y)
    {
        if (typeof(T) == typeof(Vector512<float>)) return (T)(object)((Vector512<float>)(object)x! + (Vector512<float>)(object)y!);
        if (typeof(T) == typeof(Vector256<float>)) return (T)(object)((Vector256<float>)(object)x! + (Vector256<float>)(object)y!);
        return (T)(object)((Vector128<float>)(object)x! + (Vector128<float>)(object)y!);
    }

    private static float First<T>(T v)
    {
        if (typeof(T) == typeof(Vector512<float>)) return ((Vector512<float>)(object)v!).ToScalar();
        if (typeof(T) == typeof(Vector256<float>)) return ((Vector256<float>)(object)v!).ToScalar();
        return ((Vector128<float>)(object)v!).ToScalar();
    }

    /// <summary>Copy bandwidth in GB/s (bytes read + written per second) over two buffers of <paramref name="floats"/>, split over the pool.</summary>
    public static unsafe double StreamGBps(CpuWorkers workers, int floats = 1 << 24, int runs = 5)
    {
        float* src = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)floats * 4, 64);
        float* dst = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)floats * 4, 64);
        try
        {
            new Span<float>(src, floats).Fill(1f);
            int grain = (floats + workers.Threads - 1) / workers.Threads;
            double best = double.MaxValue;
            for (int r = 0; r <= runs; r++)
            {
                long start = Stopwatch.GetTimestamp();
                workers.For(floats, grain, (begin, end) => new ReadOnlySpan<float>(src + begin, end - begin).CopyTo(new Span<float>(dst + begin, end - begin)));
                if (r > 0) best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
            return 2.0 * floats * sizeof(float) / (best * 1e9);
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.AlignedFree(src);
            System.Runtime.InteropServices.NativeMemory.AlignedFree(dst);
        }
    }
}
