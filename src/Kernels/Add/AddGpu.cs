using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Elementwise;

namespace GrnGpu.Kernels.Add;

/// <summary>The plain sum's operator for the generic element-wise GPU kernel (the fused sum + ReLU is <see cref="AddCpu.SumRelu"/>).</summary>
public static class AddGpu
{
    /// <summary>y = a + b.</summary>
    public readonly struct Sum : IBinaryOperator
    {
        public float Invoke(float a, float b) => a + b;
        public Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => a + b;
        public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a + b;
        public Vector512<float> Invoke(Vector512<float> a, Vector512<float> b) => a + b;
    }
}
