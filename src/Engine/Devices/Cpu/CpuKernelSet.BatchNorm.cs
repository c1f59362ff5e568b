using GrnGpu.Engine.Geometry;

namespace GrnGpu.Engine.Devices.Cpu;

internal sealed unsafe partial class CpuKernelSet
{
    public void BatchNormTraining(DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer y, DeviceBuffer mean, DeviceBuffer variance,
        DeviceBuffer? residual, NchwShape shape, float epsilon, bool relu) => throw new NotImplementedException();
    public void BatchNormNormalize(DeviceBuffer x, DeviceBuffer mean, DeviceBuffer variance, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer y,
        DeviceBuffer? residual, NchwShape shape, float epsilon, bool relu) => throw new NotImplementedException();
    public void BatchNormBackward(DeviceBuffer x, DeviceBuffer dy, DeviceBuffer mean, DeviceBuffer variance, DeviceBuffer gamma,
        DeviceBuffer dGamma, DeviceBuffer dBeta, DeviceBuffer dx, DeviceBuffer? reluOutput, DeviceBuffer? dResidual,
        NchwShape shape, float epsilon, bool training) => throw new NotImplementedException();
    public void BatchNormUpdateRunning(DeviceBuffer runningMean, DeviceBuffer runningVariance, DeviceBuffer batchMean, DeviceBuffer batchVariance,
        float momentum, float oneMinusMomentum, float correction, int channels) => throw new NotImplementedException();
    public double BatchNormStatisticsBound(NchwShape shape) => throw new NotImplementedException();
}
