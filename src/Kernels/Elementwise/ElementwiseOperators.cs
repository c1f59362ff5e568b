using System.Runtime.Intrinsics;

namespace GrnGpu.Kernels.Elementwise;

// The operators of the element-wise drivers (ElementwiseCpu), in the shape of TensorPrimitives' operators: one Invoke
// per width (a scalar for the tail), so that one generic driver per access pattern runs every op at the widest width.
// They are instance members, not static ones, so that an operator carries its scalars (alpha, seed, scale...).

/// <summary>y = f(x).</summary>
public interface IUnaryOperator
{
    float Invoke(float x);
    Vector128<float> Invoke(Vector128<float> x);
    Vector256<float> Invoke(Vector256<float> x);
    Vector512<float> Invoke(Vector512<float> x);
}

/// <summary>y = f(a, b).</summary>
public interface IBinaryOperator
{
    float Invoke(float a, float b);
    Vector128<float> Invoke(Vector128<float> a, Vector128<float> b);
    Vector256<float> Invoke(Vector256<float> a, Vector256<float> b);
    Vector512<float> Invoke(Vector512<float> a, Vector512<float> b);
}

/// <summary>y = f(x, i) with i the element's flat index (counter-based randomness).</summary>
public interface IIndexedOperator
{
    float Invoke(float x, uint index);
    Vector128<float> Invoke(Vector128<float> x, Vector128<uint> index);
    Vector256<float> Invoke(Vector256<float> x, Vector256<uint> index);
    Vector512<float> Invoke(Vector512<float> x, Vector512<uint> index);
}
