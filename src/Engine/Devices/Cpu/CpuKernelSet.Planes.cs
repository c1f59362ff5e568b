using GrnGpu.Engine.Geometry;

namespace GrnGpu.Engine.Devices.Cpu;

internal sealed unsafe partial class CpuKernelSet
{
    public void RowsSum(DeviceBuffer x, DeviceBuffer output, int rows, int len, float factor) => throw new NotImplementedException();
    public void RowsDot(DeviceBuffer a, DeviceBuffer b, DeviceBuffer output, int rows, int len) => throw new NotImplementedException();
    public void ChannelScale(DeviceBuffer x, DeviceBuffer s, DeviceBuffer y, int planeSize, int n) => throw new NotImplementedException();
    public void PlaneBroadcast(DeviceBuffer s, DeviceBuffer y, int planeSize, float factor, int n) => throw new NotImplementedException();
    public void AddChannelBias(DeviceBuffer y, DeviceBuffer b, int channels, int inner) => throw new NotImplementedException();
    public void ChannelBiasSum(DeviceBuffer dy, DeviceBuffer db, int outer, int channels, int inner) => throw new NotImplementedException();
    public void CopyBlocks(DeviceBuffer src, int srcStride, int srcOffset, DeviceBuffer dst, int dstStride, int dstOffset, int block, int blocks) =>
        throw new NotImplementedException();
    public void MaxPool(Pool2dGeometry g, DeviceBuffer x, DeviceBuffer y, DeviceBuffer taps) => throw new NotImplementedException();
    public void MaxPoolBackward(Pool2dGeometry g, DeviceBuffer taps, DeviceBuffer dy, DeviceBuffer dx) => throw new NotImplementedException();
}
