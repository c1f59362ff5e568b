using GrnGpu.Engine.Geometry;
using GrnGpu.Kernels.BatchNorm;
using GrnGpu.Kernels.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GrnGpu.Engine.Devices;

internal sealed partial class IlgpuKernelSet
{
    private Action<KernelConfig, BatchNormGpu.Dims, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ArrayView<float>>? _bnTraining;
    private Action<KernelConfig, BatchNormGpu.Dims, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ArrayView<float>>? _bnNormalize;
    private Action<KernelConfig, BatchNormGpu.Dims, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
        ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _bnBackward;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float, int>? _bnRunning;

    public void BatchNormTraining(DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer y, DeviceBuffer mean, DeviceBuffer variance,
        DeviceBuffer? residual, NchwShape shape, float epsilon, bool relu)
    {
        var (res, hasResidual) = Optional(residual, x);
        (_bnTraining ??= Loader.Load<BatchNormGpu.Dims, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, ArrayView<float>>(BatchNormGpu.Training))(
            GpuLaunch.Rows(shape.C), new BatchNormGpu.Dims(shape.N, shape.C, shape.PlaneSize, epsilon, hasResidual, relu ? 1 : 0, 1),
            V(x), V(gamma), V(beta), V(y), V(mean), V(variance), res);
    }

    public void BatchNormNormalize(DeviceBuffer x, DeviceBuffer mean, DeviceBuffer variance, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer y,
        DeviceBuffer? residual, NchwShape shape, float epsilon, bool relu)
    {
        var (res, hasResidual) = Optional(residual, x);
        (_bnNormalize ??= Loader.Load<BatchNormGpu.Dims, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, ArrayView<float>>(BatchNormGpu.Normalize))(
            GpuLaunch.Items(shape.Length), new BatchNormGpu.Dims(shape.N, shape.C, shape.PlaneSize, epsilon, hasResidual, relu ? 1 : 0, 0),
            V(x), V(mean), V(variance), V(gamma), V(beta), V(y), res);
    }

    public void BatchNormBackward(DeviceBuffer x, DeviceBuffer dy, DeviceBuffer mean, DeviceBuffer variance, DeviceBuffer gamma,
        DeviceBuffer dGamma, DeviceBuffer dBeta, DeviceBuffer dx, DeviceBuffer? reluOutput, DeviceBuffer? dResidual,
        NchwShape shape, float epsilon, bool training)
    {
        var (mask, relu) = Optional(reluOutput, dy);
        var (dRes, hasResidual) = Optional(dResidual, dx);
        (_bnBackward ??= Loader.Load<BatchNormGpu.Dims, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(BatchNormGpu.Backward))(
            GpuLaunch.Rows(shape.C), new BatchNormGpu.Dims(shape.N, shape.C, shape.PlaneSize, epsilon, hasResidual, relu, training ? 1 : 0),
            V(x), V(dy), V(mean), V(variance), V(gamma), V(dGamma), V(dBeta), V(dx), mask, dRes);
    }

    public void BatchNormUpdateRunning(DeviceBuffer runningMean, DeviceBuffer runningVariance, DeviceBuffer batchMean, DeviceBuffer batchVariance,
        float momentum, float oneMinusMomentum, float correction, int channels) =>
        (_bnRunning ??= Loader.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float, int>(
            BatchNormGpu.UpdateRunning))(GpuLaunch.Items(channels), V(runningMean), V(runningVariance), V(batchMean), V(batchVariance),
            momentum, oneMinusMomentum, correction, channels);

    public double BatchNormStatisticsBound(NchwShape shape) => BatchNormGpu.StatisticsBound(shape.N * shape.PlaneSize);

    /// <summary>
    /// In float: each of a group's <see cref="GpuLaunch.Group"/> work-items adds its share in sequence, then a tree of log2 Group
    /// levels, per stage; plus a rounding for the scale.
    /// </summary>
    public double ReductionBound(long len, int stages) =>
        ((len + GpuLaunch.Group - 1) / GpuLaunch.Group + stages * (GpuLaunch.GroupLog2 + 1) + 2) / (double)(1 << 24);
}
