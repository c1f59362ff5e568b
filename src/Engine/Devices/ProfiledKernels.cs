using GrnGpu.Engine.Geometry;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// A kernel set that times every call of another, for `grn profile`: one <see cref="KernelLaunch"/> per call, named after
/// the method, between two of the device's timing markers (<see cref="ComputeDevice.Record"/>: events on the GPU's own queue,
/// read when collected, so no call waits for the one before; the host clock on the cpu device, whose calls are
/// synchronous). Bytes are an estimate: every buffer argument's size once; flops are the products' (an FMA counted as two).
/// </summary>
public sealed class ProfiledKernels(IDeviceKernels inner, ComputeDevice device) : IDeviceKernels
{
    private readonly List<Pending> _pending = new();

    private sealed record Pending(string Name, TimingEvent Start, TimingEvent End, long Bytes, double Flops, string? Sizes);

    /// <summary>Every call recorded since the last call of this method, in order (waits for the device).</summary>
    public IReadOnlyList<KernelLaunch> Collect()
    {
        List<Pending> taken;
        lock (_pending)
        {
            taken = _pending.ToList();
            _pending.Clear();
        }
        device.Synchronize();
        var result = new List<KernelLaunch>(taken.Count);
        foreach (var p in taken)
        {
            result.Add(new KernelLaunch(p.Name, Math.Max(0, p.End.MillisecondsSince(p.Start)), p.Bytes, p.Flops, 1, p.Sizes));
            p.Start.Dispose();
            p.End.Dispose();
        }
        return result;
    }

    private void Time(string name, Action call, double flops, params DeviceBuffer?[] buffers) => Time(name, null, call, flops, buffers);

    private void Time(string name, string? sizes, Action call, double flops, params DeviceBuffer?[] buffers)
    {
        var start = device.Record();
        call();
        var end = device.Record();
        long bytes = buffers.Where(b => b != null).Distinct().Sum(b => b!.Bytes);
        lock (_pending) _pending.Add(new Pending(name, start, end, bytes, flops, sizes));
    }

    /// <summary>A product's shape as `grn profile --by-shape` lists it: M x N x K, which operands are transposed, and the batch.</summary>
    public static string SizesOf(in GemmCall c)
    {
        string t = (c.TransposeA ? "T" : "N") + (c.TransposeB ? "T" : "N");
        string batch = c.Batch == 1 ? "" : c.SumBatch ? $", sum of {c.Batch}" : $", batch {c.Batch}";
        return $"{c.M}x{c.N}x{c.K} {t}{batch}";
    }

    /// <summary>A convolution's shape as `grn profile --by-shape` lists it: channels, output plane, kernel, and stride and dilation where not 1.</summary>
    public static string SizesOf(Conv2dGeometry g)
    {
        string stride = g.Rows.Stride == 1 && g.Cols.Stride == 1 ? "" : g.Rows.Stride == g.Cols.Stride ? $" stride {g.Rows.Stride}" : $" stride {g.Rows.Stride}x{g.Cols.Stride}";
        string dilation = g.Rows.Dilation == 1 && g.Cols.Dilation == 1 ? "" : g.Rows.Dilation == g.Cols.Dilation ? $" dilation {g.Rows.Dilation}" : $" dilation {g.Rows.Dilation}x{g.Cols.Dilation}";
        return $"{g.InChannels}->{g.OutChannels} on {g.OutH}x{g.OutW}, {g.KernelH}x{g.KernelW}{stride}{dilation}";
    }

    private static double Flops(Conv2dGeometry g) => 2.0 * g.Batch * g.OutChannels * g.OutH * g.OutW * g.InChannels * g.KernelH * g.KernelW;

    public void Relu(DeviceBuffer x, DeviceBuffer y, int n) => Time("relu", () => inner.Relu(x, y, n), 0, x, y);
    public void ReluBackward(DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx, int n) => Time("relu_backward", () => inner.ReluBackward(x, dy, dx, n), 0, x, dy, dx);
    public void Sigmoid(DeviceBuffer x, DeviceBuffer y, int n) => Time("sigmoid", () => inner.Sigmoid(x, y, n), 0, x, y);
    public void SigmoidBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, int n) => Time("sigmoid_backward", () => inner.SigmoidBackward(y, dy, dx, n), 0, y, dy, dx);
    public void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, int n) => Time("add", () => inner.Add(a, b, y, n), 0, a, b, y);
    public void AddRelu(DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, int n) => Time("add_relu", () => inner.AddRelu(a, b, y, n), 0, a, b, y);
    public void Axpy(DeviceBuffer acc, DeviceBuffer g, float alpha, int n) => Time("axpy", () => inner.Axpy(acc, g, alpha, n), 0, acc, g);
    public void Dropout(DeviceBuffer x, DeviceBuffer y, uint seed, uint threshold, float scale, int n) =>
        Time("dropout", () => inner.Dropout(x, y, seed, threshold, scale, n), 0, x, y);
    public void Adam(DeviceBuffer p, DeviceBuffer g, DeviceBuffer m, DeviceBuffer v, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
        float lrT, float epsilon, int n) =>
        Time("adam", () => inner.Adam(p, g, m, v, beta1, oneMinusBeta1, beta2, oneMinusBeta2, lrT, epsilon, n), 0, p, g, m, v);
    public void BinaryCrossEntropy(DeviceBuffer p, DeviceBuffer labels, DeviceBuffer loss, float smoothing, int n) =>
        Time("bce", () => inner.BinaryCrossEntropy(p, labels, loss, smoothing, n), 0, p, labels, loss);
    public void BinaryCrossEntropyBackward(DeviceBuffer p, DeviceBuffer labels, DeviceBuffer? upstream, DeviceBuffer dp, float smoothing, float lo, float hi, int n) =>
        Time("bce_backward", () => inner.BinaryCrossEntropyBackward(p, labels, upstream, dp, smoothing, lo, hi, n), 0, p, labels, upstream, dp);
    public void RowsSum(DeviceBuffer x, DeviceBuffer output, int rows, int len, float factor) =>
        Time("rows_sum", () => inner.RowsSum(x, output, rows, len, factor), 0, x, output);
    public void RowsDot(DeviceBuffer a, DeviceBuffer b, DeviceBuffer output, int rows, int len) =>
        Time("rows_dot", () => inner.RowsDot(a, b, output, rows, len), 0, a, b, output);
    public void ChannelScale(DeviceBuffer x, DeviceBuffer s, DeviceBuffer y, int planeSize, int n) =>
        Time("channel_scale", () => inner.ChannelScale(x, s, y, planeSize, n), 0, x, s, y);
    public void PlaneBroadcast(DeviceBuffer s, DeviceBuffer y, int planeSize, float factor, int n) =>
        Time("plane_broadcast", () => inner.PlaneBroadcast(s, y, planeSize, factor, n), 0, s, y);
    public void AddChannelBias(DeviceBuffer y, DeviceBuffer b, int channels, int inner1) =>
        Time("add_channel_bias", () => inner.AddChannelBias(y, b, channels, inner1), 0, y, b);
    public void ChannelBiasSum(DeviceBuffer dy, DeviceBuffer db, int outer, int channels, int inner1) =>
        Time("channel_bias_sum", () => inner.ChannelBiasSum(dy, db, outer, channels, inner1), 0, dy, db);
    public void CopyBlocks(DeviceBuffer src, int srcStride, int srcOffset, DeviceBuffer dst, int dstStride, int dstOffset, int block, int blocks) =>
        Time("copy_blocks", () => inner.CopyBlocks(src, srcStride, srcOffset, dst, dstStride, dstOffset, block, blocks), 0, src, dst);
    public void MaxPool(Pool2dGeometry g, DeviceBuffer x, DeviceBuffer y, DeviceBuffer taps) => Time("max_pool", () => inner.MaxPool(g, x, y, taps), 0, x, y, taps);
    public void MaxPoolBackward(Pool2dGeometry g, DeviceBuffer taps, DeviceBuffer dy, DeviceBuffer dx) =>
        Time("max_pool_backward", () => inner.MaxPoolBackward(g, taps, dy, dx), 0, taps, dy, dx);
    public void BatchNormTraining(DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer y, DeviceBuffer mean, DeviceBuffer variance,
        DeviceBuffer? residual, NchwShape shape, float epsilon, bool relu) =>
        Time("batch_norm_training", () => inner.BatchNormTraining(x, gamma, beta, y, mean, variance, residual, shape, epsilon, relu), 0, x, y, residual);
    public void BatchNormNormalize(DeviceBuffer x, DeviceBuffer mean, DeviceBuffer variance, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer y,
        DeviceBuffer? residual, NchwShape shape, float epsilon, bool relu) =>
        Time("batch_norm_normalize", () => inner.BatchNormNormalize(x, mean, variance, gamma, beta, y, residual, shape, epsilon, relu), 0, x, y, residual);
    public void BatchNormBackward(DeviceBuffer x, DeviceBuffer dy, DeviceBuffer mean, DeviceBuffer variance, DeviceBuffer gamma,
        DeviceBuffer dGamma, DeviceBuffer dBeta, DeviceBuffer dx, DeviceBuffer? reluOutput, DeviceBuffer? dResidual,
        NchwShape shape, float epsilon, bool training) =>
        Time("batch_norm_backward", () => inner.BatchNormBackward(x, dy, mean, variance, gamma, dGamma, dBeta, dx, reluOutput, dResidual, shape, epsilon, training),
            0, x, dy, dx, reluOutput, dResidual);
    public void BatchNormUpdateRunning(DeviceBuffer runningMean, DeviceBuffer runningVariance, DeviceBuffer batchMean, DeviceBuffer batchVariance,
        float momentum, float oneMinusMomentum, float correction, int channels) =>
        Time("batch_norm_running", () => inner.BatchNormUpdateRunning(runningMean, runningVariance, batchMean, batchVariance, momentum, oneMinusMomentum, correction, channels),
            0, runningMean, runningVariance, batchMean, batchVariance);
    public double BatchNormStatisticsBound(NchwShape shape) => inner.BatchNormStatisticsBound(shape);
    public double ReductionBound(long len, int stages) => inner.ReductionBound(len, stages);
    public void Gemm(in GemmCall call)
    {
        var c = call;
        Time("gemm", SizesOf(c), () => inner.Gemm(c), 2.0 * c.M * c.N * c.K * c.Batch, c.A, c.B, c.C);
    }
    public void Conv2d(Conv2dGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? b, DeviceBuffer y) =>
        Time("conv2d_forward", SizesOf(g), () => inner.Conv2d(g, x, w, b, y), Flops(g), x, w, y);
    public void Conv2dBackwardData(Conv2dGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx) =>
        Time("conv2d_backward_data", SizesOf(g), () => inner.Conv2dBackwardData(g, dy, w, dx), Flops(g), dy, w, dx);
    public void Conv2dBackwardWeights(Conv2dGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw, DeviceBuffer? db) =>
        Time("conv2d_backward_weights", SizesOf(g), () => inner.Conv2dBackwardWeights(g, x, dy, dw, db), Flops(g), x, dy, dw);
}
