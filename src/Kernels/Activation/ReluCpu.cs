using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Elementwise;

namespace GrnGpu.Kernels.Activation;

/// <summary>ReLU: y = x &gt; 0 ? x : 0 (NaN and -0 give +0), and its gradient dx = x &gt; 0 ? dy : 0.</summary>
public static unsafe class ReluCpu
{
    public static void Forward(CpuWorkers workers, float* x, float* y, int n) => ElementwiseCpu.Unary(workers, default(Relu), x, y, n);

    public static void Backward(CpuWorkers workers, float* x, float* dy, float* dx, int n) =>
        ElementwiseCpu.Binary(workers, default(ReluGradient), x, dy, dx, n);

    /// <summary>A select on x &gt; 0 rather than max(x, 0), so that NaN gives 0 as in the C kernels.</summary>
    public readonly struct Relu : IUnaryOperator
    {
        public float Invoke(float x) => x > 0f ? x : 0f;
        public Vector128<float> Invoke(Vector128<float> x) => Vector128.GreaterThan(x, Vector128<float>.Zero) & x;
        public Vector256<float> Invoke(Vector256<float> x) => Vector256.GreaterThan(x, Vector256<float>.Zero) & x;
        public Vector512<float> Invoke(Vector512<float> x) => Vector512.GreaterThan(x, Vector512<float>.Zero) & x;
    }

    /// <summary>(x, dy) -&gt; x &gt; 0 ? dy : 0: TF's ReluGrad (0 at x == 0).</summary>
    public readonly struct ReluGradient : IBinaryOperator
    {
        public float Invoke(float x, float dy) => x > 0f ? dy : 0f;
        public Vector128<float> Invoke(Vector128<float> x, Vector128<float> dy) => Vector128.GreaterThan(x, Vector128<float>.Zero) & dy;
        public Vector256<float> Invoke(Vector256<float> x, Vector256<float> dy) => Vector256.GreaterThan(x, Vector256<float>.Zero) & dy;
        public Vector512<float> Invoke(Vector512<float> x, Vector512<float> dy) => Vector512.GreaterThan(x, Vector512<float>.Zero) & dy;
    }
}
