using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Elementwise;

namespace GrnGpu.Kernels.Axpy;

/// <summary>acc += alpha * g as the generic element-wise GPU kernel's binary operator on (acc, g), written back to acc.</summary>
public static class AxpyGpu
{
    /// <summary>(acc, g) -&gt; acc + alpha * g: a product then a sum, not fused.</summary>
    public readonly struct ScaledAdd(float alpha) : IBinaryOperator
    {
        public float Invoke(float acc, float g) => acc + alpha * g;
        public Vector128<float> Invoke(Vector128<float> acc, Vector128<float> g) => acc + alpha * g;
        public Vector256<float> Invoke(Vector256<float> acc, Vector256<float> g) => acc + alpha * g;
        public Vector512<float> Invoke(Vector512<float> acc, Vector512<float> g) => acc + alpha * g;
    }
}
