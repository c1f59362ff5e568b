using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.BatchNorm;

/// <summary>
/// dx over a run of one channel: with xhat = (x - mean) * invStd,
/// training dx = scale * (g - shift - xhat * slope) (scale = gamma * invStd, shift = dBeta / M, slope = dGamma / M),
/// inference dx = scale * g. g is the masked gradient: dy under the ReLU mask (reluOutput given), or as stored by
/// <see cref="BatchNormGradientSums"/> (then pass it as dy and no mask).
/// </summary>
internal readonly unsafe struct BatchNormInputGradientRun(float* x, float* dy, float* reluOutput, float* dx, float mean, float invStd,
    float scale, float shift, float slope, bool training) : IStreamOperator
{
    public void Invoke(int i)
    {
        float g = reluOutput != null && !(reluOutput[i] > 0f) ? 0f : dy[i];
        dx[i] = scale * (training ? g - shift - (x[i] - mean) * invStd * slope : g);
    }

    public void Invoke128(int i)
    {
        var g = Vector128.Load(dy + i);
        if (reluOutput != null) g &= Vector128.GreaterThan(Vector128.Load(reluOutput + i), Vector128<float>.Zero);
        if (training) g = g - Vector128.Create(shift) - (Vector128.Load(x + i) - Vector128.Create(mean)) * invStd * slope;
        Vector128.Store(scale * g, dx + i);
    }

    public void Invoke256(int i)
    {
        var g = Vector256.Load(dy + i);
        if (reluOutput != null) g &= Vector256.GreaterThan(Vector256.Load(reluOutput + i), Vector256<float>.Zero);
        if (training) g = g - Vector256.Create(shift) - (Vector256.Load(x + i) - Vector256.Create(mean)) * invStd * slope;
        Vector256.Store(scale * g, dx + i);
    }

    public void Invoke512(int i)
    {
        var g = Vector512.Load(dy + i);
        if (reluOutput != null) g &= Vector512.GreaterThan(Vector512.Load(reluOutput + i), Vector512<float>.Zero);
        if (training) g = g - Vector512.Create(shift) - (Vector512.Load(x + i) - Vector512.Create(mean)) * invStd * slope;
        Vector512.Store(scale * g, dx + i);
    }
}
