using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.Elementwise;

/// <summary>
/// The element-wise ILGPU kernels: one generic grid-stride kernel per access pattern over an operator struct, the same
/// structs as the CPU drivers (<see cref="ElementwiseCpu"/>) call, so an op's math is written once for both devices (only
/// the scalar Invoke is compiled here). Outputs may alias inputs.
/// </summary>
public static class ElementwiseGpu
{
    /// <summary>y[i] = op(x[i]).</summary>
    public static void Unary<TOp>(TOp op, ArrayView<float> x, ArrayView<float> y, int n) where TOp : struct, IUnaryOperator
    {
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride) y[i] = op.Invoke(x[i]);
    }

    /// <summary>y[i] = op(a[i], b[i]).</summary>
    public static void Binary<TOp>(TOp op, ArrayView<float> a, ArrayView<float> b, ArrayView<float> y, int n) where TOp : struct, IBinaryOperator
    {
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride) y[i] = op.Invoke(a[i], b[i]);
    }

    /// <summary>y[i] = op(x[i], i).</summary>
    public static void Indexed<TOp>(TOp op, ArrayView<float> x, ArrayView<float> y, int n) where TOp : struct, IIndexedOperator
    {
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride) y[i] = op.Invoke(x[i], (uint)i);
    }

    /// <summary>y[i] = value (the device's Fill).</summary>
    public static void Fill(ArrayView<float> y, float value, int n)
    {
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride) y[i] = value;
    }

    /// <summary>dst[i] = src[i] (the device's Copy when both ranges are in one allocation: ILGPU copies do not overlap).</summary>
    public static void Copy(ArrayView<float> src, ArrayView<float> dst, int n)
    {
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride) dst[i] = src[i];
    }
}
