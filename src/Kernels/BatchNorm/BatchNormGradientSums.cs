using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.BatchNorm;

/// <summary>
/// The backward's sums over a run of one channel, in double: g and g * (x - mean), where g = dy masked to 0 where the
/// fused ReLU's output is not positive (reluOutput given: TF's ReluGrad). When dResidual is given, the masked g is
/// stored there (the shortcut's gradient) in the same pass, and the input-gradient pass reads it back instead of dy
/// and the mask.
/// </summary>
internal readonly unsafe struct BatchNormGradientSums(float* x, float* dy, float* reluOutput, float* dResidual, double mean) : ISumOperator
{
    public (double, double) Invoke(int i)
    {
        float g = reluOutput != null && !(reluOutput[i] > 0f) ? 0f : dy[i];
        if (dResidual != null) dResidual[i] = g;
        return (g, g * (x[i] - mean));
    }

    public (Vector128<double>, Vector128<double>) Invoke128(int i)
    {
        var g = Vector128.Load(dy + i);
        if (reluOutput != null) g &= Vector128.GreaterThan(Vector128.Load(reluOutput + i), Vector128<float>.Zero);
        if (dResidual != null) Vector128.Store(g, dResidual + i);
        var (g0, g1) = Vector128.Widen(g);
        var (x0, x1) = Vector128.Widen(Vector128.Load(x + i));
        var m = Vector128.Create(mean);
        return (g0 + g1, g0 * (x0 - m) + g1 * (x1 - m));
    }

    public (Vector256<double>, Vector256<double>) Invoke256(int i)
    {
        var g = Vector256.Load(dy + i);
        if (reluOutput != null) g &= Vector256.GreaterThan(Vector256.Load(reluOutput + i), Vector256<float>.Zero);
        if (dResidual != null) Vector256.Store(g, dResidual + i);
        var (g0, g1) = Vector256.Widen(g);
        var (x0, x1) = Vector256.Widen(Vector256.Load(x + i));
        var m = Vector256.Create(mean);
        return (g0 + g1, g0 * (x0 - m) + g1 * (x1 - m));
    }

    public (Vector512<double>, Vector512<double>) Invoke512(int i)
    {
        var g = Vector512.Load(dy + i);
        if (reluOutput != null) g &= Vector512.GreaterThan(Vector512.Load(reluOutput + i), Vector512<float>.Zero);
        if (dResidual != null) Vector512.Store(g, dResidual + i);
        var (g0, g1) = Vector512.Widen(g);
        var (x0, x1) = Vector512.Widen(Vector512.Load(x + i));
        var m = Vector512.Create(mean);
        return (g0 + g1, g0 * (x0 - m) + g1 * (x1 - m));
    }
}
