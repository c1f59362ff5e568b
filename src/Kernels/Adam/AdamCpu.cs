using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Adam;

/// <summary>
/// One Adam step over a flat buffer (TensorFlow's ApplyAdam): m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
/// p -= lrT m / (sqrt(v) + eps), with lrT and the (1 - b) factors from the host. One pass reads p, g, m, v once and
/// writes p, m, v once.
/// </summary>
public static unsafe class AdamCpu
{
    public static void Step(CpuWorkers workers, float* p, float* g, float* m, float* v, float beta1, float oneMinusBeta1, float beta2,
        float oneMinusBeta2, float lrT, float epsilon, int n) =>
        Streams.ForParallel(workers, new AdamStep(p, g, m, v, beta1, oneMinusBeta1, beta2, oneMinusBeta2, lrT, epsilon), n);

    /// <summary>The products and sums in the GPU kernel's order (one_minus_b2 * g * g is (one_minus_b2 * g) * g).</summary>
    private readonly struct AdamStep(float* p, float* g, float* m, float* v, float b1, float c1, float b2, float c2, float lrT, float eps)
        : IStreamOperator
    {
        public void Invoke(int i)
        {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= lrT * mi / (MathF.Sqrt(vi) + eps);
        }

        public void Invoke128(int i)
        {
            var gi = Vector128.Load(g + i);
            var mi = b1 * Vector128.Load(m + i) + c1 * gi;
            var vi = b2 * Vector128.Load(v + i) + c2 * gi * gi;
            Vector128.Store(mi, m + i);
            Vector128.Store(vi, v + i);
            Vector128.Store(Vector128.Load(p + i) - lrT * mi / (Vector128.Sqrt(vi) + Vector128.Create(eps)), p + i);
        }

        public void Invoke256(int i)
        {
            var gi = Vector256.Load(g + i);
            var mi = b1 * Vector256.Load(m + i) + c1 * gi;
            var vi = b2 * Vector256.Load(v + i) + c2 * gi * gi;
            Vector256.Store(mi, m + i);
            Vector256.Store(vi, v + i);
            Vector256.Store(Vector256.Load(p + i) - lrT * mi / (Vector256.Sqrt(vi) + Vector256.Create(eps)), p + i);
        }

        public void Invoke512(int i)
        {
            var gi = Vector512.Load(g + i);
            var mi = b1 * Vector512.Load(m + i) + c1 * gi;
            var vi = b2 * Vector512.Load(v + i) + c2 * gi * gi;
            Vector512.Store(mi, m + i);
            Vector512.Store(vi, v + i);
            Vector512.Store(Vector512.Load(p + i) - lrT * mi / (Vector512.Sqrt(vi) + Vector512.Create(eps)), p + i);
        }
    }
}
