using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Elementwise;

namespace GrnGpu.Kernels.Activation;

/// <summary>Logistic sigmoid and its gradient from the forward output: dx = dy * y * (1 - y).</summary>
public static unsafe class SigmoidCpu
{
    public static void Forward(CpuWorkers workers, float* x, float* y, int n) => ElementwiseCpu.Unary(workers, default(Sigmoid), x, y, n);

    public static void Backward(CpuWorkers workers, float* y, float* dy, float* dx, int n) =>
        ElementwiseCpu.Binary(workers, default(SigmoidGradient), y, dy, dx, n);

    /// <summary>
    /// With e = exp(-|x|), which never overflows: 1 / (1 + e) for x &gt;= 0 and e / (1 + e) for x &lt; 0 (both relatively
    /// accurate, where 1 / (1 + exp(-x)) would lose the tiny values of very negative x).
    /// </summary>
    public readonly struct Sigmoid : IUnaryOperator
    {
        /// <summary>
        /// The scalar form, for the GPU kernels (ILGPU maps MathF.Exp to the device's exp). The CPU driver never uses it where
        /// SIMD exists: its tails run the vector form on a padded vector, since the C runtime's expf differs from .NET's
        /// vector Exp in the last bit and a sample's score must not depend on its place in the batch.
        /// </summary>
        public float Invoke(float x)
        {
            float e = MathF.Exp(-MathF.Abs(x));
            return (x >= 0f ? 1f : e) / (1f + e);
        }

        public Vector128<float> Invoke(Vector128<float> x)
        {
            var e = Vector128.Exp(-Vector128.Abs(x));
            return Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), Vector128<float>.One, e) / (Vector128<float>.One + e);
        }

        public Vector256<float> Invoke(Vector256<float> x)
        {
            var e = Vector256.Exp(-Vector256.Abs(x));
            return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), Vector256<float>.One, e) / (Vector256<float>.One + e);
        }

        public Vector512<float> Invoke(Vector512<float> x)
        {
            var e = Vector512.Exp(-Vector512.Abs(x));
            return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), Vector512<float>.One, e) / (Vector512<float>.One + e);
        }
    }

    /// <summary>(y, dy) -&gt; dy * y * (1 - y).</summary>
    public readonly struct SigmoidGradient : IBinaryOperator
    {
        public float Invoke(float y, float dy) => dy * y * (1f - y);
        public Vector128<float> Invoke(Vector128<float> y, Vector128<float> dy) => dy * y * (Vector128<float>.One - y);
        public Vector256<float> Invoke(Vector256<float> y, Vector256<float> dy) => dy * y * (Vector256<float>.One - y);
        public Vector512<float> Invoke(Vector512<float> y, Vector512<float> dy) => dy * y * (Vector512<float>.One - y);
    }
}
