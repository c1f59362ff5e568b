using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.Broadcast;

/// <summary>Spatial broadcast and global average pooling's backward: y[i] = factor * s[i / planeSize].</summary>
public static class PlaneBroadcastGpu
{
    public static void Run(ArrayView<float> s, ArrayView<float> y, int planeSize, float factor, int n)
    {
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride) y[i] = factor * s[i / planeSize];
    }
}
