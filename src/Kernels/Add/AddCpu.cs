using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Elementwise;

namespace GrnGpu.Kernels.Add;

/// <summary>Element-wise sums: y = a + b, and the residual block's y = max(a + b, 0) in one pass.</summary>
public static unsafe class AddCpu
{
    /// <summary>TensorPrimitives.Add on each chunk (y may be a or b: TensorPrimitives allows exact overlap).</summary>
    public static void Add(CpuWorkers workers, float* a, float* b, float* y, int n) =>
        Chunked.Run(workers, n, (begin, end) =>
            TensorPrimitives.Add(new ReadOnlySpan<float>(a + begin, end - begin), new ReadOnlySpan<float>(b + begin, end - begin),
                new Span<float>(y + begin, end - begin)));

    public static void AddRelu(CpuWorkers workers, float* a, float* b, float* y, int n) => ElementwiseCpu.Binary(workers, default(SumRelu), a, b, y, n);

    /// <summary>s = a + b, then s &gt; 0 ? s : 0: the same float values as add followed by ReLU.</summary>
    public readonly struct SumRelu : IBinaryOperator
    {
        public float Invoke(float a, float b)
        {
            float s = a + b;
            return s > 0f ? s : 0f;
        }

        public Vector128<float> Invoke(Vector128<float> a, Vector128<float> b)
        {
            var s = a + b;
            return Vector128.GreaterThan(s, Vector128<float>.Zero) & s;
        }

        public Vector256<float> Invoke(Vector256<float> a, Vector256<float> b)
        {
            var s = a + b;
            return Vector256.GreaterThan(s, Vector256<float>.Zero) & s;
        }

        public Vector512<float> Invoke(Vector512<float> a, Vector512<float> b)
        {
            var s = a + b;
            return Vector512.GreaterThan(s, Vector512<float>.Zero) & s;
        }
    }
}
