using GrnGpu.Engine.Geometry;
using GrnGpu.Kernels.Broadcast;
using GrnGpu.Kernels.ChannelScale;
using GrnGpu.Kernels.Concat;
using GrnGpu.Kernels.Gpu;
using GrnGpu.Kernels.MaxPool;
using GrnGpu.Kernels.Shared;
using ILGPU;
using ILGPU.Runtime;

namespace GrnGpu.Engine.Devices;

internal sealed partial class IlgpuKernelSet
{
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, float>? _rowsSum;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>? _rowsDot;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>? _channelScale;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, float, int>? _planeBroadcast;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int>? _addBias;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, int, int, int>? _biasSum;
    private Action<KernelConfig, CopyBlocksGpu.Layout, ArrayView<float>, ArrayView<float>>? _copyBlocks;
    private Action<KernelConfig, PoolWindow, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _maxPool, _maxPoolBackward;

    public void RowsSum(DeviceBuffer x, DeviceBuffer output, int rows, int len, float factor) =>
        (_rowsSum ??= Loader.Load<ArrayView<float>, ArrayView<float>, int, int, float>(RowReductionGpu.Sum))(
            GpuLaunch.Rows(rows), V(x), V(output), rows, len, factor);

    public void RowsDot(DeviceBuffer a, DeviceBuffer b, DeviceBuffer output, int rows, int len) =>
        (_rowsDot ??= Loader.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(RowReductionGpu.Dot))(
            GpuLaunch.Rows(rows), V(a), V(b), V(output), rows, len);

    public void ChannelScale(DeviceBuffer x, DeviceBuffer s, DeviceBuffer y, int planeSize, int n) =>
        (_channelScale ??= Loader.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(ChannelScaleGpu.Run))(
            GpuLaunch.Items(n), V(x), V(s), V(y), planeSize, n);

    public void PlaneBroadcast(DeviceBuffer s, DeviceBuffer y, int planeSize, float factor, int n) =>
        (_planeBroadcast ??= Loader.Load<ArrayView<float>, ArrayView<float>, int, float, int>(PlaneBroadcastGpu.Run))(
            GpuLaunch.Items(n), V(s), V(y), planeSize, factor, n);

    public void AddChannelBias(DeviceBuffer y, DeviceBuffer b, int channels, int inner)
    {
        int n = checked((int)y.Floats);
        (_addBias ??= Loader.Load<ArrayView<float>, ArrayView<float>, int, int, int>(ChannelBiasGpu.Add))(
            GpuLaunch.Items(n), V(y), V(b), channels, inner, n);
    }

    public void ChannelBiasSum(DeviceBuffer dy, DeviceBuffer db, int outer, int channels, int inner) =>
        (_biasSum ??= Loader.Load<ArrayView<float>, ArrayView<float>, int, int, int>(ChannelBiasGpu.Sum))(
            GpuLaunch.Rows(channels), V(dy), V(db), outer, channels, inner);

    public void CopyBlocks(DeviceBuffer src, int srcStride, int srcOffset, DeviceBuffer dst, int dstStride, int dstOffset, int block, int blocks) =>
        (_copyBlocks ??= Loader.Load<CopyBlocksGpu.Layout, ArrayView<float>, ArrayView<float>>(CopyBlocksGpu.Run))(
            GpuLaunch.Items((long)block * blocks), new CopyBlocksGpu.Layout(srcStride, srcOffset, dstStride, dstOffset, block, blocks), V(src), V(dst));

    public void MaxPool(Pool2dGeometry g, DeviceBuffer x, DeviceBuffer y, DeviceBuffer taps) =>
        (_maxPool ??= Loader.Load<PoolWindow, ArrayView<float>, ArrayView<float>, ArrayView<float>>(MaxPoolGpu.Forward))(
            GpuLaunch.Items(g.OutputShape.Length), Window(g), V(x), V(y), V(taps));

    public void MaxPoolBackward(Pool2dGeometry g, DeviceBuffer taps, DeviceBuffer dy, DeviceBuffer dx) =>
        (_maxPoolBackward ??= Loader.Load<PoolWindow, ArrayView<float>, ArrayView<float>, ArrayView<float>>(MaxPoolGpu.Backward))(
            GpuLaunch.Items(g.InputShape.Length), Window(g), V(taps), V(dy), V(dx));

    private static PoolWindow Window(Pool2dGeometry g) =>
        new(g.Batch * g.Channels, g.InH, g.InW, g.OutH, g.OutW, g.PoolH, g.PoolW, g.StrideH, g.StrideW, g.PadTop, g.PadLeft);
}
