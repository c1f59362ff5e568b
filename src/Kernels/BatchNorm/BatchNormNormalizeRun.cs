using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.BatchNorm;

/// <summary>
/// y = gamma * ((x - mean) * invStd) + beta over a run of one channel, then
/// + residual when given, then t &gt; 0 ? t : 0 when relu: the fused epilogues cost no pass of their own.
/// </summary>
internal readonly unsafe struct BatchNormNormalizeRun(float* x, float* residual, float* y, float mean, float invStd, float gamma, float beta, bool relu)
    : IStreamOperator
{
    public void Invoke(int i)
    {
        float t = gamma * ((x[i] - mean) * invStd) + beta;
        if (residual != null) t += residual[i];
        y[i] = relu && !(t > 0f) ? 0f : t;
    }

    public void Invoke128(int i)
    {
        var t = gamma * ((Vector128.Load(x + i) - Vector128.Create(mean)) * invStd) + Vector128.Create(beta);
        if (residual != null) t += Vector128.Load(residual + i);
        if (relu) t &= Vector128.GreaterThan(t, Vector128<float>.Zero);
        Vector128.Store(t, y + i);
    }

    public void Invoke256(int i)
    {
        var t = gamma * ((Vector256.Load(x + i) - Vector256.Create(mean)) * invStd) + Vector256.Create(beta);
        if (residual != null) t += Vector256.Load(residual + i);
        if (relu) t &= Vector256.GreaterThan(t, Vector256<float>.Zero);
        Vector256.Store(t, y + i);
    }

    public void Invoke512(int i)
    {
        var t = gamma * ((Vector512.Load(x + i) - Vector512.Create(mean)) * invStd) + Vector512.Create(beta);
        if (residual != null) t += Vector512.Load(residual + i);
        if (relu) t &= Vector512.GreaterThan(t, Vector512<float>.Zero);
        Vector512.Store(t, y + i);
    }
}
