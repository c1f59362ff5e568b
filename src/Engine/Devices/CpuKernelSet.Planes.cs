using GrnGpu.Engine.Geometry;
using GrnGpu.Kernels.Broadcast;
using GrnGpu.Kernels.ChannelScale;
using GrnGpu.Kernels.Concat;
using GrnGpu.Kernels.MaxPool;
using GrnGpu.Kernels.Shared;

namespace GrnGpu.Engine.Devices;

internal sealed unsafe partial class CpuKernelSet
{
    public void RowsSum(DeviceBuffer x, DeviceBuffer output, int rows, int len, float factor) => RowReductionCpu.Sum(Workers, P(x), P(output), rows, len, factor);
    public void RowsDot(DeviceBuffer a, DeviceBuffer b, DeviceBuffer output, int rows, int len) => RowReductionCpu.Dot(Workers, P(a), P(b), P(output), rows, len);
    public void ChannelScale(DeviceBuffer x, DeviceBuffer s, DeviceBuffer y, int planeSize, int n) => ChannelScaleCpu.Run(Workers, P(x), P(s), P(y), planeSize, n);
    public void PlaneBroadcast(DeviceBuffer s, DeviceBuffer y, int planeSize, float factor, int n) =>
        PlaneBroadcastCpu.Run(Workers, P(s), P(y), planeSize, factor, n);
    public void AddChannelBias(DeviceBuffer y, DeviceBuffer b, int channels, int inner) =>
        ChannelBiasCpu.Add(Workers, P(y), P(b), channels, inner, checked((int)(y.Floats / inner)));
    public void ChannelBiasSum(DeviceBuffer dy, DeviceBuffer db, int outer, int channels, int inner) =>
        ChannelBiasCpu.Sum(Workers, P(dy), P(db), outer, channels, inner);
    public void CopyBlocks(DeviceBuffer src, int srcStride, int srcOffset, DeviceBuffer dst, int dstStride, int dstOffset, int block, int blocks) =>
        CopyBlocksCpu.Run(Workers, P(src), srcStride, srcOffset, P(dst), dstStride, dstOffset, block, blocks);
    public void MaxPool(Pool2dGeometry g, DeviceBuffer x, DeviceBuffer y, DeviceBuffer taps) => MaxPoolCpu.Forward(Workers, Window(g), P(x), P(y), P(taps));
    public void MaxPoolBackward(Pool2dGeometry g, DeviceBuffer taps, DeviceBuffer dy, DeviceBuffer dx) =>
        MaxPoolBackwardCpu.Backward(Workers, Window(g), P(taps), P(dy), P(dx));

    private static PoolWindow Window(Pool2dGeometry g) =>
        new(g.Batch * g.Channels, g.InH, g.InW, g.OutH, g.OutW, g.PoolH, g.PoolW, g.StrideH, g.StrideW, g.PadTop, g.PadLeft);
}
