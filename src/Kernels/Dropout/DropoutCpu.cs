using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Elementwise;

namespace GrnGpu.Kernels.Dropout;

/// <summary>
/// Inverted dropout with the counter-based mask of the engine's DropoutMask, bit for bit: element i is kept
/// iff (hash(seed ^ (i * 0x9E3779B9)) &gt;&gt; 8) &gt;= threshold, and then scaled; dropped elements become 0. The backward
/// pass is the same kernel on the output gradient with the same seed.
/// </summary>
public static unsafe class DropoutCpu
{
    public static void Run(CpuWorkers workers, float* x, float* y, uint seed, uint threshold, float scale, int n) =>
        ElementwiseCpu.Indexed(workers, new Dropout(seed, threshold, scale), x, y, n);

    /// <summary>
    /// The hash (a lowbias32 finaliser) in 32-bit lanes with wrap-around multiplies. h &gt;&gt; 8 and the threshold
    /// (at most 2^24) are non-negative as ints, so the keep test is a signed compare, which every width has.
    /// </summary>
    public readonly struct Dropout(uint seed, uint threshold, float scale) : IIndexedOperator
    {
        private const uint Golden = 0x9E3779B9u, Mix1 = 0x7feb352du, Mix2 = 0x846ca68bu;

        public float Invoke(float x, uint index)
        {
            uint h = seed ^ unchecked(index * Golden);
            h ^= h >> 16;
            h = unchecked(h * Mix1);
            h ^= h >> 15;
            h = unchecked(h * Mix2);
            h ^= h >> 16;
            return (h >> 8) >= threshold ? x * scale : 0f;
        }

        public Vector128<float> Invoke(Vector128<float> x, Vector128<uint> index)
        {
            var h = Vector128.Create(seed) ^ (index * Golden);
            h ^= h >> 16;
            h *= Mix1;
            h ^= h >> 15;
            h *= Mix2;
            h ^= h >> 16;
            var keep = Vector128.GreaterThanOrEqual((h >> 8).AsInt32(), Vector128.Create((int)threshold));
            return keep.AsSingle() & (x * scale);
        }

        public Vector256<float> Invoke(Vector256<float> x, Vector256<uint> index)
        {
            var h = Vector256.Create(seed) ^ (index * Golden);
            h ^= h >> 16;
            h *= Mix1;
            h ^= h >> 15;
            h *= Mix2;
            h ^= h >> 16;
            var keep = Vector256.GreaterThanOrEqual((h >> 8).AsInt32(), Vector256.Create((int)threshold));
            return keep.AsSingle() & (x * scale);
        }

        public Vector512<float> Invoke(Vector512<float> x, Vector512<uint> index)
        {
            var h = Vector512.Create(seed) ^ (index * Golden);
            h ^= h >> 16;
            h *= Mix1;
            h ^= h >> 15;
            h *= Mix2;
            h ^= h >> 16;
            var keep = Vector512.GreaterThanOrEqual((h >> 8).AsInt32(), Vector512.Create((int)threshold));
            return keep.AsSingle() & (x * scale);
        }
    }
}
