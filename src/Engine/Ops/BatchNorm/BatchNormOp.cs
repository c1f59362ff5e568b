using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Shared;
using GrnGpu.Engine.Ops.Activation;
using GrnGpu.Engine.Ops.Add;

namespace GrnGpu.Engine.Ops.BatchNorm;

/// <summary>
/// Batch normalisation over channel axis 1 of (N, C, H, W) or (N, C) tensors Keras semantics:
/// training uses the batch mean and biased variance (written to <c>batchMean</c>/<c>batchVariance</c>, which the
/// backward pass needs); inference uses the running statistics. gamma, beta and all statistics have C elements.
/// The device's kernel set computes it (one kernel per pass, statistics and normalisation fused); the reference device runs
/// <see cref="BatchNormRef"/>. With relu (forward) / reluOutput (backward) a ReLU follows the normalisation, and with
/// residual / dResidual a residual add comes between them (y = max(bn(x) + residual, 0)): fused into the kernels, separate
/// passes on the reference device.
/// </summary>
internal static class BatchNormOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "batch_norm";


    public static void ForwardTraining(
        Tensor x, Tensor gamma, Tensor beta, Tensor y, Tensor batchMean, Tensor batchVariance, BatchNormSettings s, bool relu = false,
        Tensor? residual = null)
    {
        var shape = Check("batch norm", x, y, gamma, beta, batchMean, batchVariance);
        if (residual != null) OpChecks.Length("batch norm", residual, shape.Length, "residual");
        if (x.Device.Kernels is { } k)
        {
            k.BatchNormTraining(x.Buffer, gamma.Buffer, beta.Buffer, y.Buffer, batchMean.Buffer, batchVariance.Buffer, residual?.Buffer, shape,
                (float)s.Epsilon, relu);
            return;
        }
        var r = BatchNormRef.ForwardTraining(shape, RefBridge.Load(x), RefBridge.Load(gamma), RefBridge.Load(beta), s.Epsilon);
        RefBridge.Store(y, r.Output);
        RefBridge.Store(batchMean, r.Mean);
        RefBridge.Store(batchVariance, r.Variance);
        Epilogue(y, relu, residual);
    }

    public static void ForwardInference(
        Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVariance, Tensor y, BatchNormSettings s, bool relu = false,
        Tensor? residual = null)
    {
        var shape = Check("batch norm inference", x, y, gamma, beta, runningMean, runningVariance);
        if (residual != null) OpChecks.Length("batch norm inference", residual, shape.Length, "residual");
        if (x.Device.Kernels is { } k)
            k.BatchNormNormalize(x.Buffer, runningMean.Buffer, runningVariance.Buffer, gamma.Buffer, beta.Buffer, y.Buffer, residual?.Buffer, shape,
                (float)s.Epsilon, relu);
        else
        {
            RefBridge.Store(y, BatchNormRef.ForwardInference(shape, RefBridge.Load(x), RefBridge.Load(gamma), RefBridge.Load(beta),
                RefBridge.Load(runningMean), RefBridge.Load(runningVariance), s.Epsilon));
            Epilogue(y, relu, residual);
        }
    }

    /// <summary>Outside the fused CPU kernels: y += residual, then y = max(y, 0), as separate passes in place.</summary>
    private static void Epilogue(Tensor y, bool relu, Tensor? residual)
    {
        if (residual != null && relu) AddReluOp.Forward(y, residual, y);
        else if (residual != null) AddOp.Forward(y, residual, y);
        else if (relu) ReluOp.Forward(y, y);
    }

    /// <summary>
    /// running = running * momentum + batch * (1 - momentum). The variance folded in is Bessel-corrected
    /// (times count / (count - 1), count = N*H*W, none when count is 1) when <paramref name="x"/> is 4-D, as TF's fused
    /// batch norm that Keras uses on 4-D inputs; biased for a 2-D (N, C) input, as Keras' non-fused path.
    /// </summary>
    public static void UpdateRunningStatistics(
        Tensor x, Tensor batchMean, Tensor batchVariance, Tensor runningMean, Tensor runningVariance, BatchNormSettings s)
    {
        var shape = Check("batch norm running statistics", x, x, batchMean, batchVariance, runningMean, runningVariance);
        bool bessel = x.Shape.Rank == 4;
        int count = shape.N * shape.PlaneSize;
        float correction = bessel && count > 1 ? (float)((double)count / (count - 1)) : 1f;
        if (x.Device.Kernels is { } k)
        {
            k.BatchNormUpdateRunning(runningMean.Buffer, runningVariance.Buffer, batchMean.Buffer, batchVariance.Buffer,
                (float)s.Momentum, (float)(1 - s.Momentum), correction, shape.C);
            return;
        }
        double[] mean = RefBridge.Load(runningMean), variance = RefBridge.Load(runningVariance);
        BatchNormRef.UpdateRunningStatistics(shape, mean, variance, RefBridge.Load(batchMean), RefBridge.Load(batchVariance), s.Momentum, bessel);
        RefBridge.Store(runningMean, mean);
        RefBridge.Store(runningVariance, variance);
    }

    /// <summary>
    /// Training-mode gradients through the batch statistics: dx, dGamma = sum dy * xhat, dBeta = sum dy
    /// (<paramref name="batchMean"/>/<paramref name="batchVariance"/> as <see cref="ForwardTraining"/> wrote them).
    /// </summary>
    public static void BackwardTraining(
        Tensor x, Tensor gamma, Tensor batchMean, Tensor batchVariance, Tensor dy, Tensor dx, Tensor dGamma, Tensor dBeta, BatchNormSettings s,
        Tensor? reluOutput = null, Tensor? dResidual = null) =>
        Backward("batch norm backward", x, gamma, batchMean, batchVariance, dy, dx, dGamma, dBeta, s, training: true, reluOutput, dResidual);

    /// <summary>Inference-mode gradients: the running statistics are constants, dx = dy * gamma / sqrt(var + eps).</summary>
    public static void BackwardInference(
        Tensor x, Tensor gamma, Tensor runningMean, Tensor runningVariance, Tensor dy, Tensor dx, Tensor dGamma, Tensor dBeta, BatchNormSettings s,
        Tensor? reluOutput = null, Tensor? dResidual = null) =>
        Backward("batch norm inference backward", x, gamma, runningMean, runningVariance, dy, dx, dGamma, dBeta, s, training: false, reluOutput, dResidual);

    /// <summary>Both backward modes: checks, then the kernels, or the reference op of the mode on cpu-ref.</summary>
    private static void Backward(string op, Tensor x, Tensor gamma, Tensor mean, Tensor variance, Tensor dy, Tensor dx,
        Tensor dGamma, Tensor dBeta, BatchNormSettings s, bool training, Tensor? reluOutput, Tensor? dResidual)
    {
        var shape = Check(op, x, dy, gamma, mean, variance, dGamma, dBeta);
        OpChecks.Length(op, dx, shape.Length, "dx");
        OpChecks.SameDevice(op, x, dx);
        if (reluOutput != null)
        {
            OpChecks.Length(op, reluOutput, shape.Length, "ReLU output");
            OpChecks.SameDevice(op, x, reluOutput);
        }
        if (dResidual != null)
        {
            OpChecks.Length(op, dResidual, shape.Length, "residual gradient");
            OpChecks.SameDevice(op, x, dResidual);
        }
        if (x.Device.Kernels is { } k)
        {
            k.BatchNormBackward(x.Buffer, dy.Buffer, mean.Buffer, variance.Buffer, gamma.Buffer, dGamma.Buffer, dBeta.Buffer, dx.Buffer,
                reluOutput?.Buffer, dResidual?.Buffer, shape, (float)s.Epsilon, training);
            return;
        }
        // Elsewhere the fused ReLU's gradient is its own pass first: dy where the output is positive.
        using var masked = reluOutput == null ? null : Tensor.Empty(x.Device, dy.Shape);
        if (masked != null)
        {
            ReluOp.Backward(reluOutput!, dy, masked);
            dy = masked;
        }
        // The residual's gradient is the (masked) output gradient itself.
        if (dResidual != null) x.Device.Copy(dy.Buffer, 0, dResidual.Buffer, 0, dy.Length);
        var (xv, gv, mv, vv, dyv) = (RefBridge.Load(x), RefBridge.Load(gamma), RefBridge.Load(mean), RefBridge.Load(variance), RefBridge.Load(dy));
        Store(training
            ? BatchNormRef.BackwardTraining(shape, xv, gv, mv, vv, dyv, s.Epsilon)
            : BatchNormRef.BackwardInference(shape, xv, gv, mv, vv, dyv, s.Epsilon), dx, dGamma, dBeta);
    }

    /// <summary>
    /// Relative rounding bound (against the sum of |terms|) of the per-channel sums this op computes for a shape on a device
    /// (the device's kernels say theirs; the reference device sums in double). The gradient checks take their statistics
    /// tolerance from here.
    /// </summary>
    public static double StatisticsBound(ComputeDevice device, NchwShape shape) =>
        device.Kernels is { } k ? k.BatchNormStatisticsBound(shape) : 2.0 / (1 << 24);


    private static void Store(BatchNormGradients r, Tensor dx, Tensor dGamma, Tensor dBeta)
    {
        RefBridge.Store(dx, r.Input);
        RefBridge.Store(dGamma, r.Gamma);
        RefBridge.Store(dBeta, r.Beta);
    }

    /// <summary>The big tensor's NCHW shape, with a second big tensor and the per-channel ones checked.</summary>
    private static NchwShape Check(string op, Tensor x, Tensor big, params Tensor[] perChannel)
    {
        ArgumentNullException.ThrowIfNull(x);
        OpChecks.SameDevice(op, [x, big, .. perChannel]);
        var shape = TensorLayout.Nchw(x, op);
        OpChecks.Length(op, big, shape.Length, "input-shaped tensor");
        foreach (var t in perChannel) OpChecks.Length(op, t, shape.C, "per-channel tensor");
        return shape;
    }
}
