using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Elementwise;

namespace GrnGpu.Kernels.BinaryCrossEntropy;

/// <summary>
/// Binary cross-entropy on probabilities, tf.keras semantics: p' = clip(p, eps, 1 - eps), 1 - p' computed as
/// clip(1 - p, eps, 1 - eps) (exact for p &gt;= 1/2, where rounding 1 - eps first would move the log), y' = y (1 - s) + s / 2,
/// loss = mean of -(y' log(p' + eps) + (1 - y') log(1 - p' + eps)), eps = 1e-7.
/// </summary>
public static unsafe class BinaryCrossEntropyCpu
{
    private const float Eps = 1e-7f;

    /// <summary>
    /// Elements per partial sum: the mean is the partials (each summed in double) added in order, so the result depends
    /// on n alone, whatever thread sums which partial.
    /// </summary>
    private const int PartFloats = 16384;

    /// <summary>loss[0] = the mean of the per-element losses (float terms, summed in double, one final rounding).</summary>
    public static void Forward(CpuWorkers workers, float* p, float* labels, float* loss, float smoothing, int n)
    {
        int parts = (n + PartFloats - 1) / PartFloats;
        double* partial = stackalloc double[parts];
        var terms = new LossTerms(p, labels, smoothing);
        Chunked.Items(workers, parts, PartFloats, (first, last) =>
        {
            for (int k = first; k < last; k++)
            {
                var part = terms.From(k * PartFloats);
                partial[k] = Streams.Sum(ref part, Math.Min(PartFloats, n - k * PartFloats)).Item1;
            }
        });
        double sum = 0;
        for (int k = 0; k < parts; k++) sum += partial[k];
        loss[0] = (float)(sum / n);
    }

    /// <summary>
    /// dp = upstream / n * (-y' / (p + eps) + (1 - y') / (1 - p + eps)), 0 outside [lo, hi] (where p was clipped; NaN passes, as in loss.c: the
    /// host's float bounds reproduce the reference's double comparisons exactly).
    /// </summary>
    public static void Backward(CpuWorkers workers, float* p, float* labels, float upstream, float* dp, float smoothing, float lo, float hi, int n) =>
        ElementwiseCpu.Binary(workers, new Gradient(smoothing, lo, hi, upstream * (1f / n)), p, labels, dp, n);

    /// <summary>The losses of the elements from an offset, as terms of one sum (the second is unused).</summary>
    private readonly struct LossTerms(float* p, float* labels, float smoothing) : ISumOperator
    {
        public LossTerms From(int offset) => new(p + offset, labels + offset, smoothing);

        public (double, double) Invoke(int i)
        {
            float y = labels[i] * (1f - smoothing) + 0.5f * smoothing;
            float pc = Math.Clamp(p[i], Eps, 1f - Eps), qc = Math.Clamp(1f - p[i], Eps, 1f - Eps);
            return (-(y * Log(pc + Eps) + (1f - y) * Log(qc + Eps)), 0);
        }

        /// <summary>One lane of the vector Log, so that the tail's terms are the vector body's bits (the C runtime's logf is not).</summary>
        private static float Log(float v) => Vector128.Log(Vector128.Create(v)).ToScalar();

        public (Vector128<double>, Vector128<double>) Invoke128(int i)
        {
            var (lo, hi) = Vector128.Widen(Term(Vector128.Load(p + i), Vector128.Load(labels + i)));
            return (lo + hi, Vector128<double>.Zero);
        }

        public (Vector256<double>, Vector256<double>) Invoke256(int i)
        {
            var (lo, hi) = Vector256.Widen(Term(Vector256.Load(p + i), Vector256.Load(labels + i)));
            return (lo + hi, Vector256<double>.Zero);
        }

        public (Vector512<double>, Vector512<double>) Invoke512(int i)
        {
            var (lo, hi) = Vector512.Widen(Term(Vector512.Load(p + i), Vector512.Load(labels + i)));
            return (lo + hi, Vector512<double>.Zero);
        }

        private Vector128<float> Term(Vector128<float> pv, Vector128<float> label)
        {
            var one = Vector128<float>.One;
            var y = label * (1f - smoothing) + Vector128.Create(0.5f * smoothing);
            var pc = Vector128.Min(Vector128.Max(pv, Vector128.Create(Eps)), Vector128.Create(1f - Eps));
            var qc = Vector128.Min(Vector128.Max(one - pv, Vector128.Create(Eps)), Vector128.Create(1f - Eps));
            return -(y * Vector128.Log(pc + Vector128.Create(Eps)) + (one - y) * Vector128.Log(qc + Vector128.Create(Eps)));
        }

        private Vector256<float> Term(Vector256<float> pv, Vector256<float> label)
        {
            var one = Vector256<float>.One;
            var y = label * (1f - smoothing) + Vector256.Create(0.5f * smoothing);
            var pc = Vector256.Min(Vector256.Max(pv, Vector256.Create(Eps)), Vector256.Create(1f - Eps));
            var qc = Vector256.Min(Vector256.Max(one - pv, Vector256.Create(Eps)), Vector256.Create(1f - Eps));
            return -(y * Vector256.Log(pc + Vector256.Create(Eps)) + (one - y) * Vector256.Log(qc + Vector256.Create(Eps)));
        }

        private Vector512<float> Term(Vector512<float> pv, Vector512<float> label)
        {
            var one = Vector512<float>.One;
            var y = label * (1f - smoothing) + Vector512.Create(0.5f * smoothing);
            var pc = Vector512.Min(Vector512.Max(pv, Vector512.Create(Eps)), Vector512.Create(1f - Eps));
            var qc = Vector512.Min(Vector512.Max(one - pv, Vector512.Create(Eps)), Vector512.Create(1f - Eps));
            return -(y * Vector512.Log(pc + Vector512.Create(Eps)) + (one - y) * Vector512.Log(qc + Vector512.Create(Eps)));
        }
    }

    /// <summary>(p, label) -&gt; dp; inside the bounds the two quotients, times upstream / n.</summary>
    private readonly struct Gradient(float smoothing, float lo, float hi, float scale) : IBinaryOperator
    {
        public float Invoke(float p, float label)
        {
            float y = label * (1f - smoothing) + 0.5f * smoothing;
            float g = (-y / (p + Eps) + (1f - y) / ((1f - p) + Eps)) * scale;
            return p < lo || p > hi ? 0f : g;
        }

        public Vector128<float> Invoke(Vector128<float> p, Vector128<float> label)
        {
            var one = Vector128<float>.One;
            var y = label * (1f - smoothing) + Vector128.Create(0.5f * smoothing);
            var g = (-y / (p + Vector128.Create(Eps)) + (one - y) / ((one - p) + Vector128.Create(Eps))) * scale;
            var outside = Vector128.LessThan(p, Vector128.Create(lo)) | Vector128.GreaterThan(p, Vector128.Create(hi));
            return Vector128.AndNot(g, outside);
        }

        public Vector256<float> Invoke(Vector256<float> p, Vector256<float> label)
        {
            var one = Vector256<float>.One;
            var y = label * (1f - smoothing) + Vector256.Create(0.5f * smoothing);
            var g = (-y / (p + Vector256.Create(Eps)) + (one - y) / ((one - p) + Vector256.Create(Eps))) * scale;
            var outside = Vector256.LessThan(p, Vector256.Create(lo)) | Vector256.GreaterThan(p, Vector256.Create(hi));
            return Vector256.AndNot(g, outside);
        }

        public Vector512<float> Invoke(Vector512<float> p, Vector512<float> label)
        {
            var one = Vector512<float>.One;
            var y = label * (1f - smoothing) + Vector512.Create(0.5f * smoothing);
            var g = (-y / (p + Vector512.Create(Eps)) + (one - y) / ((one - p) + Vector512.Create(Eps))) * scale;
            var outside = Vector512.LessThan(p, Vector512.Create(lo)) | Vector512.GreaterThan(p, Vector512.Create(hi));
            return Vector512.AndNot(g, outside);
        }
    }
}
