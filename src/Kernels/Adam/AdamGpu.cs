using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.Adam;

/// <summary>One fused Adam step over a flat buffer.</summary>
public static class AdamGpu
{
    /// <summary>The step's scalars, one kernel parameter.</summary>
    public readonly record struct Settings(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float LrT, float Epsilon);

    public static void Step(Settings s, ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v, int n)
    {
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride)
        {
            float gi = g[i];
            float mi = s.Beta1 * m[i] + s.OneMinusBeta1 * gi;
            float vi = s.Beta2 * v[i] + s.OneMinusBeta2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] -= s.LrT * mi / (MathF.Sqrt(vi) + s.Epsilon);
        }
    }
}
