using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace GrnGpu.Kernels.Cpu;

/// <summary>Copies and clears of short float runs at the widest vector width (the packing loops' building blocks).</summary>
public static unsafe class FloatRuns
{
    // Copy and Zero are inlined into the packing loops: their runs are often a single panel row of one to three vectors.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(float* src, float* dst, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16) Vector512.Store(Vector512.Load(src + i), dst + i);
        else if (Vector256.IsHardwareAccelerated)
            for (; i <= n - 8; i += 8) Vector256.Store(Vector256.Load(src + i), dst + i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - 4; i += 4) Vector128.Store(Vector128.Load(src + i), dst + i);
        for (; i < n; i++) dst[i] = src[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Zero(float* dst, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16) Vector512.Store(Vector512<float>.Zero, dst + i);
        else if (Vector256.IsHardwareAccelerated)
            for (; i <= n - 8; i += 8) Vector256.Store(Vector256<float>.Zero, dst + i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - 4; i += 4) Vector128.Store(Vector128<float>.Zero, dst + i);
        for (; i < n; i++) dst[i] = 0f;
    }

    /// <summary>dst[i] += src[i].</summary>
    /// <summary>even[i] = src[2i], odd[i] = src[2i + 1] for i &lt; pairs (a stride-2 row split into its two phases).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Deinterleave(float* src, float* even, float* odd, int pairs)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // Each vector's evens to its lower half and odds to its upper half, then the halves of two vectors joined.
            var split = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
            for (; i <= pairs - 16; i += 16)
            {
                var lo = Vector512.Shuffle(Vector512.Load(src + 2 * i), split);
                var hi = Vector512.Shuffle(Vector512.Load(src + 2 * i + 16), split);
                Vector512.Create(lo.GetLower(), hi.GetLower()).Store(even + i);
                Vector512.Create(lo.GetUpper(), hi.GetUpper()).Store(odd + i);
            }
        }
        for (; i < pairs; i++)
        {
            even[i] = src[2 * i];
            odd[i] = src[2 * i + 1];
        }
    }

    /// <summary>dst[2i] = even[i], dst[2i + 1] = odd[i] for i &lt; pairs (two phase rows joined back into one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Interleave(float* even, float* odd, float* dst, int pairs)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // Eight evens and eight odds side by side in one vector, then alternated.
            var join = Vector512.Create(0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
            for (; i <= pairs - 16; i += 16)
            {
                Vector512<float> e = Vector512.Load(even + i), o = Vector512.Load(odd + i);
                Vector512.Shuffle(Vector512.Create(e.GetLower(), o.GetLower()), join).Store(dst + 2 * i);
                Vector512.Shuffle(Vector512.Create(e.GetUpper(), o.GetUpper()), join).Store(dst + 2 * i + 16);
            }
        }
        for (; i < pairs; i++)
        {
            dst[2 * i] = even[i];
            dst[2 * i + 1] = odd[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(float* src, float* dst, long n)
    {
        long i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16) Vector512.Store(Vector512.Load(dst + i) + Vector512.Load(src + i), dst + i);
        else if (Vector256.IsHardwareAccelerated)
            for (; i <= n - 8; i += 8) Vector256.Store(Vector256.Load(dst + i) + Vector256.Load(src + i), dst + i);
        for (; i < n; i++) dst[i] += src[i];
    }

    /// <summary>The sum of n floats in a fixed order (lane-wise, then the lanes, then the tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Sum(float* p, int n)
    {
        int i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            for (; i <= n - 16; i += 16) acc += Vector512.Load(p + i);
            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= n - 8; i += 8) acc += Vector256.Load(p + i);
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum += p[i];
        return sum;
    }
}
