using GrnGpu.Engine.Geometry;

namespace GrnGpu.Engine.Devices;

internal sealed unsafe partial class CpuKernelSet
{
    public void Gemm(in GemmCall call) => throw new NotImplementedException();
    public void Conv2d(Conv2dGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? b, DeviceBuffer y) => throw new NotImplementedException();
    public void Conv2dBackwardData(Conv2dGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx) => throw new NotImplementedException();
    public void Conv2dBackwardWeights(Conv2dGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw, DeviceBuffer? db) => throw new NotImplementedException();
}
