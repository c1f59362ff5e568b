using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.ChannelScale;

/// <summary>Squeeze-excitation's scaling: y[i] = x[i] * s[i / planeSize]; also its input gradient (x = dy).</summary>
public static class ChannelScaleGpu
{
    public static void Run(ArrayView<float> x, ArrayView<float> s, ArrayView<float> y, int planeSize, int n)
    {
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride) y[i] = x[i] * s[i / planeSize];
    }
}
