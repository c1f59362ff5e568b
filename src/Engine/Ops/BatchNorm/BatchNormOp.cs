using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Shared;
using GrnGpu.Engine.Ops.Activation;
using GrnGpu.Engine.Ops.Add;

namespace GrnGpu.Engine.Ops.BatchNorm;

/// <summary>
/// Batch normalisation over channel axis 1 of (N, C, H, W) or (N, C) tensors (batchnorm.c), Keras semantics:
/// training uses the batch mean and biased variance (written to <c>batchMean</c>/<c>batchVariance</c>, which the
/// backward pass needs); inference uses the running statistics. gamma, beta and all statistics have C elements.
/// Per-channel sums run over a (parts x C) grid of work-groups and then one group per channel (reduce.c), so a
/// channel with many values is spread over many groups; CPU devices run cpu_rows.c's one-launch kernels instead.
/// With relu (forward) / reluOutput (backward) a ReLU follows the normalisation, and with residual / dResidual a residual
/// add comes between them (y = max(bn(x) + residual, 0)): fused into the CPU kernels, separate passes elsewhere.
/// </summary>
internal static class BatchNormOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "batch_norm";

    /// <summary>Per-thread share of a channel's values before a part is its own group: ~8 values each.</summary>
    private const int ValuesPerItem = 8;
    private const int MaxParts = 1024;

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
        if (x.Device is not GpuDevice gpu)
        {
            var r = BatchNormRef.ForwardTraining(shape, RefBridge.Load(x), RefBridge.Load(gamma), RefBridge.Load(beta), s.Epsilon);
            RefBridge.Store(y, r.Output);
            RefBridge.Store(batchMean, r.Mean);
            RefBridge.Store(batchVariance, r.Variance);
            Epilogue(y, relu, residual);
            return;
        }
        int count = shape.N * shape.PlaneSize;
        if (CpuKernels.Use(gpu))
        {
            // One launch: statistics and normalisation, one channel per work-item (cpu_rows.c).
            CpuKernels.LaunchItems(gpu, gpu.Kernel(CpuKernels.File, "bn_forward_training_cpu"), shape.C,
                x, gamma, beta, y, batchMean, batchVariance, residual ?? x,
                shape.C, shape.PlaneSize, shape.N, 1f / count, (float)s.Epsilon, relu ? 1 : 0, residual != null ? 1 : 0);
            return;
        }
        // Two passes: the mean, then the mean of squared deviations from it.
        if (UsesRows(shape))
        {
            int group = RowGroup(gpu, shape);
            using var table = Tensor.Empty(gpu, new Shape(shape.N * shape.C));
            var moment = gpu.Kernel("batchnorm.c", "bn_row_moment", $"BN_GROUP={group}");
            var batchSum = gpu.Kernel("batchnorm.c", "bn_batch_sum");
            gpu.Launch(moment, new Dim3(shape.N * shape.C), new Dim3(group), x, batchMean, table, shape.C, shape.PlaneSize, 0);
            gpu.Launch1D(batchSum, shape.C, table, batchMean, shape.C, shape.N, 1f / count);
            gpu.Launch(moment, new Dim3(shape.N * shape.C), new Dim3(group), x, batchMean, table, shape.C, shape.PlaneSize, 1);
            gpu.Launch1D(batchSum, shape.C, table, batchVariance, shape.C, shape.N, 1f / count);
        }
        else
        {
            var (group, parts, chunk, _) = Layout(gpu, shape);
            using var table = Tensor.Empty(gpu, new Shape(shape.C * parts));
            var moment = gpu.Kernel("batchnorm.c", "bn_partial_moment", $"BN_GROUP={group}");
            var grid = new Dim3(parts, shape.C);
            gpu.Launch(moment, grid, new Dim3(group), x, batchMean, table, shape.C, shape.PlaneSize, count, chunk, 0);
            RowReduction.Sum(gpu, table.Buffer, batchMean.Buffer, shape.C, parts, 1f / count);
            gpu.Launch(moment, grid, new Dim3(group), x, batchMean, table, shape.C, shape.PlaneSize, count, chunk, 1);
            RowReduction.Sum(gpu, table.Buffer, batchVariance.Buffer, shape.C, parts, 1f / count);
        }
        Normalize(gpu, shape, x, batchMean, batchVariance, gamma, beta, y, s, relu, residual);
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
        else if (x.Device is GpuDevice gpu)
            Normalize(gpu, shape, x, runningMean, runningVariance, gamma, beta, y, s, relu, residual);
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
        if (x.Device is GpuDevice gpu)
        {
            gpu.Launch1D(gpu.Kernel("batchnorm.c", "bn_update_running"), shape.C, runningMean, runningVariance, batchMean, batchVariance,
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
        if (x.Device is GpuDevice cpu && CpuKernels.Use(cpu))
        {
            // One launch: the ReLU mask, the two sums and dx, one channel per work-item (cpu_rows.c).
            int count = shape.N * shape.PlaneSize;
            CpuKernels.LaunchItems(cpu, cpu.Kernel(CpuKernels.File, "bn_backward_cpu"), shape.C,
                x, dy, mean, variance, gamma, dGamma, dBeta, dx, reluOutput ?? dy, dResidual ?? dx,
                shape.C, shape.PlaneSize, shape.N, 1f / count, (float)s.Epsilon, training ? 1 : 0, reluOutput != null ? 1 : 0, dResidual != null ? 1 : 0);
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
        if (x.Device is GpuDevice gpu)
        {
            Backward(gpu, shape, x, gamma, mean, variance, dy, dx, dGamma, dBeta, s, training);
            return;
        }
        var (xv, gv, mv, vv, dyv) = (RefBridge.Load(x), RefBridge.Load(gamma), RefBridge.Load(mean), RefBridge.Load(variance), RefBridge.Load(dy));
        Store(training
            ? BatchNormRef.BackwardTraining(shape, xv, gv, mv, vv, dyv, s.Epsilon)
            : BatchNormRef.BackwardInference(shape, xv, gv, mv, vv, dyv, s.Epsilon), dx, dGamma, dBeta);
    }

    private static void Backward(GpuDevice gpu, NchwShape shape, Tensor x, Tensor gamma, Tensor mean, Tensor variance,
        Tensor dy, Tensor dx, Tensor dGamma, Tensor dBeta, BatchNormSettings s, bool training)
    {
        int count = shape.N * shape.PlaneSize;
        if (UsesRows(shape))
        {
            int group = RowGroup(gpu, shape);
            using var tableDy = Tensor.Empty(gpu, new Shape(shape.N * shape.C));
            using var tableDyXhat = Tensor.Empty(gpu, new Shape(shape.N * shape.C));
            gpu.Launch(gpu.Kernel("batchnorm.c", "bn_row_grad", $"BN_GROUP={group}"), new Dim3(shape.N * shape.C), new Dim3(group),
                x, dy, mean, variance, tableDy, tableDyXhat, shape.C, shape.PlaneSize, (float)s.Epsilon);
            var batchSum = gpu.Kernel("batchnorm.c", "bn_batch_sum");
            gpu.Launch1D(batchSum, shape.C, tableDy, dBeta, shape.C, shape.N, 1f);
            gpu.Launch1D(batchSum, shape.C, tableDyXhat, dGamma, shape.C, shape.N, 1f);
        }
        else
        {
            var (group, parts, chunk, _) = Layout(gpu, shape);
            using var tableDy = Tensor.Empty(gpu, new Shape(shape.C * parts));
            using var tableDyXhat = Tensor.Empty(gpu, new Shape(shape.C * parts));
            gpu.Launch(gpu.Kernel("batchnorm.c", "bn_partial_grad", $"BN_GROUP={group}"), new Dim3(parts, shape.C), new Dim3(group),
                x, dy, mean, variance, tableDy, tableDyXhat, shape.C, shape.PlaneSize, count, chunk, (float)s.Epsilon);
            RowReduction.Sum(gpu, tableDy.Buffer, dBeta.Buffer, shape.C, parts, 1f);
            RowReduction.Sum(gpu, tableDyXhat.Buffer, dGamma.Buffer, shape.C, parts, 1f);
        }
        using var invStd = InverseStd(gpu, shape, variance, s);
        LaunchRows(gpu, gpu.Kernel("batchnorm.c", "bn_backward_input"), shape, x, dy, mean, invStd, gamma, dGamma, dBeta, dx,
            shape.C, shape.PlaneSize, 1f / count, training ? 1 : 0, shape.N * shape.C);
    }

    private static void Normalize(GpuDevice gpu, NchwShape shape, Tensor x, Tensor mean, Tensor variance, Tensor gamma, Tensor beta, Tensor y,
        BatchNormSettings s, bool relu, Tensor? residual)
    {
        if (CpuKernels.Use(gpu))
        {
            CpuKernels.LaunchItems(gpu, gpu.Kernel(CpuKernels.File, "bn_normalize_cpu"), shape.C,
                x, mean, variance, gamma, beta, y, residual ?? x, shape.C, shape.PlaneSize, shape.N, (float)s.Epsilon, relu ? 1 : 0, residual != null ? 1 : 0);
            return;
        }
        using (var invStd = InverseStd(gpu, shape, variance, s))
            LaunchRows(gpu, gpu.Kernel("batchnorm.c", "bn_normalize"), shape, x, mean, invStd, gamma, beta, y,
                shape.C, shape.PlaneSize, shape.N * shape.C);
        Epilogue(y, relu, residual);
    }

    /// <summary>1 / sqrt(var + eps) per channel, so the per-element kernels do no square root or division.</summary>
    private static Tensor InverseStd(GpuDevice gpu, NchwShape shape, Tensor variance, BatchNormSettings s)
    {
        var invStd = Tensor.Empty(gpu, new Shape(shape.C));
        gpu.Launch1D(gpu.Kernel("batchnorm.c", "bn_inv_std_table"), shape.C, variance, invStd, (float)s.Epsilon, shape.C);
        return invStd;
    }

    /// <summary>
    /// The grid of the per-element kernels: groups of up to the default size cover a plane's H * W values (fewer
    /// when the plane is small), and the N * C rows are spread over grid dimensions 1 and 2 (each at most 65535,
    /// CUDA's limit): row = y + z * (grid height).
    /// </summary>
    private static void LaunchRows(GpuDevice gpu, GpuKernel kernel, NchwShape shape, params ReadOnlySpan<KernelArg> args)
    {
        int group = Math.Min(gpu.DefaultGroupSize, shape.PlaneSize);
        int chunks = (shape.PlaneSize + group - 1) / group;
        int rows = shape.N * shape.C;
        int height = Math.Min(rows, 65535);
        gpu.Launch(kernel, new Dim3(chunks, height, (rows + height - 1) / height), new Dim3(group), args);
    }

    /// <summary>
    /// Channels with planes of at least this many values use the row layout (bn_row_*): each (n, c) plane summed by
    /// one work-group, then each channel's N sums in sequence. Tiny planes ((N, C) inputs, 1x1 maps) would leave
    /// most of a group idle; they use the grouped partial sums over the channel's flattened values.
    /// </summary>
    private const int MinRowPlane = 16;

    private static bool UsesRows(NchwShape shape) => shape.PlaneSize >= MinRowPlane;

    /// <summary>
    /// The row layout's group size: a power of two with at least 8 of the plane's values per work-item, at most the
    /// reduction group size. A 256-wide tree for a 64-value plane would spend nearly all its time in the tree.
    /// </summary>
    private static int RowGroup(GpuDevice gpu, NchwShape shape)
    {
        int cap = Math.Min(RowReduction.GroupSize(gpu), Math.Max(1, shape.PlaneSize / 8));
        return 1 << (31 - int.LeadingZeroCount(cap));
    }

    /// <summary>
    /// Relative rounding bound (against the sum of |terms|) of the per-channel sums this op computes for a shape on
    /// a device: row layout, a group's sum of each plane then N plane sums in sequence; grouped layout, per-group
    /// partial sums then a row sum of the partials. The gradient checks take their statistics tolerance from here.
    /// </summary>
    public static double StatisticsBound(ComputeDevice device, NchwShape shape)
    {
        const double u = 1.0 / (1 << 24);
        if (device.Kernels is { } k) return k.BatchNormStatisticsBound(shape);
        if (device is not GpuDevice gpu) return 2 * u;
        if (CpuKernels.Use(gpu))   // each plane in LANES accumulators and a tree, then the N plane sums in sequence
            return ((shape.PlaneSize + CpuKernels.Lanes - 1) / CpuKernels.Lanes + Math.Log2(CpuKernels.Lanes) + shape.N + 2) * u;
        if (UsesRows(shape))
        {
            int rowGroup = RowGroup(gpu, shape);
            return ((shape.PlaneSize + rowGroup - 1) / rowGroup + Math.Log2(rowGroup) + shape.N + 2) * u;
        }
        int group = RowReduction.GroupSize(gpu);
        double tree = Math.Log2(group);
        var (_, parts, chunk, _) = Layout(gpu, shape);
        return ((chunk + group - 1) / group + tree + (parts + group - 1) / group + tree + 2) * u;
    }

    /// <summary>
    /// The split of each channel's count = N*H*W values: parts groups of a power-of-two size, each folding a chunk
    /// of about group * 8 consecutive values (so a 32x80x32 channel of 81920 values spreads over 40 groups of 256).
    /// </summary>
    private static (int Group, int Parts, int Chunk, int Count) Layout(GpuDevice gpu, NchwShape shape)
    {
        int group = RowReduction.GroupSize(gpu);
        int count = shape.N * shape.PlaneSize;
        int parts = (int)Math.Clamp((count + (long)group * ValuesPerItem - 1) / ((long)group * ValuesPerItem), 1, MaxParts);
        int chunk = (count + parts - 1) / parts;
        return (group, parts, chunk, count);
    }

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
