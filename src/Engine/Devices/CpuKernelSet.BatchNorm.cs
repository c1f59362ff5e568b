using GrnGpu.Engine.Geometry;
using GrnGpu.Kernels.BatchNorm;

namespace GrnGpu.Engine.Devices;

internal sealed unsafe partial class CpuKernelSet
{
    public void BatchNormTraining(DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer y, DeviceBuffer mean, DeviceBuffer variance,
        DeviceBuffer? residual, NchwShape shape, float epsilon, bool relu) =>
        BatchNormCpu.Training(Workers, P(x), P(gamma), P(beta), P(y), P(mean), P(variance), OrNull(residual), shape.N, shape.C, shape.PlaneSize,
            epsilon, relu);
    public void BatchNormNormalize(DeviceBuffer x, DeviceBuffer mean, DeviceBuffer variance, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer y,
        DeviceBuffer? residual, NchwShape shape, float epsilon, bool relu) =>
        BatchNormCpu.Normalize(Workers, P(x), P(mean), P(variance), P(gamma), P(beta), P(y), OrNull(residual), shape.N, shape.C, shape.PlaneSize,
            epsilon, relu);
    public void BatchNormBackward(DeviceBuffer x, DeviceBuffer dy, DeviceBuffer mean, DeviceBuffer variance, DeviceBuffer gamma,
        DeviceBuffer dGamma, DeviceBuffer dBeta, DeviceBuffer dx, DeviceBuffer? reluOutput, DeviceBuffer? dResidual,
        NchwShape shape, float epsilon, bool training) =>
        BatchNormBackwardCpu.Run(Workers, P(x), P(dy), P(mean), P(variance), P(gamma), P(dGamma), P(dBeta), P(dx), OrNull(reluOutput), OrNull(dResidual),
            shape.N, shape.C, shape.PlaneSize, epsilon, training);
    public void BatchNormUpdateRunning(DeviceBuffer runningMean, DeviceBuffer runningVariance, DeviceBuffer batchMean, DeviceBuffer batchVariance,
        float momentum, float oneMinusMomentum, float correction, int channels) =>
        BatchNormCpu.UpdateRunning(P(runningMean), P(runningVariance), P(batchMean), P(batchVariance), momentum, oneMinusMomentum, correction, channels);
    public double BatchNormStatisticsBound(NchwShape shape) => BatchNormCpu.StatisticsBound;

    /// <summary>The CPU sums run in double (<see cref="GrnGpu.Kernels.Cpu.Sums"/>): one rounding to float and one for the scale.</summary>
    public double ReductionBound(long len, int stages) => 2.0 / (1 << 24);

    /// <summary>An optional buffer as a pointer, null when absent (the kernels skip what it feeds).</summary>
    private static float* OrNull(DeviceBuffer? buffer) => buffer == null ? null : P(buffer);
}
