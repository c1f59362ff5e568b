using GrnGpu.Engine.Geometry;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// The kernels a device hands out when it is opened: one method per op pass, in buffers and sizes (floats), so an op
/// reaches its kernel without asking which device it has (Engine/Ops/&lt;Op&gt; checks its arguments, then calls the
/// method here). Buffers belong to the device; outputs may alias inputs where the op says so. Two implementations: the
/// cpu device's SIMD kernels (CpuKernelSet) and the ILGPU kernels (IlgpuKernelSet); the reference device has none (null
/// from <see cref="ComputeDevice.Kernels"/>) and runs the reference ops.
/// Every method is deterministic: the same inputs give the same bits whatever the thread count.
/// </summary>
public interface IDeviceKernels
{
    // Element-wise (Engine/Ops/Activation, Add, Axpy, Dropout, Adam).
    void Relu(DeviceBuffer x, DeviceBuffer y, int n);
    /// <summary>dx = dy where x &gt; 0, else 0.</summary>
    void ReluBackward(DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx, int n);
    void Sigmoid(DeviceBuffer x, DeviceBuffer y, int n);
    /// <summary>dx = dy * y * (1 - y) from the forward output y.</summary>
    void SigmoidBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, int n);
    void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, int n);
    /// <summary>y = max(a + b, 0).</summary>
    void AddRelu(DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, int n);
    /// <summary>acc += alpha * g.</summary>
    void Axpy(DeviceBuffer acc, DeviceBuffer g, float alpha, int n);
    /// <summary>
    /// Inverted dropout with the counter-based mask of Ops/Dropout/DropoutMask (bit for bit): y[i] = keep(i) ? x[i] * scale : 0,
    /// keep(i) iff (lowbias32(seed ^ (i * 0x9E3779B9)) &gt;&gt; 8) &gt;= threshold.
    /// </summary>
    void Dropout(DeviceBuffer x, DeviceBuffer y, uint seed, uint threshold, float scale, int n);
    /// <summary>One Adam step over a flat buffer.</summary>
    void Adam(DeviceBuffer p, DeviceBuffer g, DeviceBuffer m, DeviceBuffer v, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
        float lrT, float epsilon, int n);

    // Loss (Engine/Ops/BinaryCrossEntropy): tf.keras' clipped formulas, lo/hi the clipping bounds.
    /// <summary>loss[0] = mean over n of the clipped binary cross-entropy.</summary>
    void BinaryCrossEntropy(DeviceBuffer p, DeviceBuffer labels, DeviceBuffer loss, float smoothing, int n);
    /// <summary>dp = upstream[0] / n * dLoss/dp, 0 outside [lo, hi]; upstream null means 1.</summary>
    void BinaryCrossEntropyBackward(DeviceBuffer p, DeviceBuffer labels, DeviceBuffer? upstream, DeviceBuffer dp, float smoothing, float lo, float hi, int n);

    // Planes: rows of contiguous floats (Engine/Ops/ChannelScale, Broadcast, GlobalAvgPool, Concat, conv/dense biases).
    /// <summary>out[r] = factor * sum of x[r * len .. (r + 1) * len).</summary>
    void RowsSum(DeviceBuffer x, DeviceBuffer output, int rows, int len, float factor);
    /// <summary>out[r] = sum of a[r * len + j] * b[r * len + j].</summary>
    void RowsDot(DeviceBuffer a, DeviceBuffer b, DeviceBuffer output, int rows, int len);
    /// <summary>y[p * planeSize + j] = x[p * planeSize + j] * s[p] over n floats.</summary>
    void ChannelScale(DeviceBuffer x, DeviceBuffer s, DeviceBuffer y, int planeSize, int n);
    /// <summary>y[p * planeSize + j] = factor * s[p] over n floats.</summary>
    void PlaneBroadcast(DeviceBuffer s, DeviceBuffer y, int planeSize, float factor, int n);
    /// <summary>y[(o * channels + c) * inner + j] += b[c] for every o of y's length / (channels * inner).</summary>
    void AddChannelBias(DeviceBuffer y, DeviceBuffer b, int channels, int inner);
    /// <summary>db[c] = sum over o &lt; outer, j &lt; inner of dy[(o * channels + c) * inner + j].</summary>
    void ChannelBiasSum(DeviceBuffer dy, DeviceBuffer db, int outer, int channels, int inner);
    /// <summary>Copies blocks blocks of block floats: src[srcOffset + i * srcStride ..] to dst[dstOffset + i * dstStride ..].</summary>
    void CopyBlocks(DeviceBuffer src, int srcStride, int srcOffset, DeviceBuffer dst, int dstStride, int dstOffset, int block, int blocks);

    // Pooling (Engine/Ops/MaxPool): taps as MaxPoolOp documents them (window position of the first maximum, as a float).
    void MaxPool(Pool2dGeometry g, DeviceBuffer x, DeviceBuffer y, DeviceBuffer taps);
    /// <summary>dx[e] = sum of dy[o] over the outputs o whose tap is input element e (dx overwritten).</summary>
    void MaxPoolBackward(Pool2dGeometry g, DeviceBuffer taps, DeviceBuffer dy, DeviceBuffer dx);

    // Batch norm (Engine/Ops/BatchNorm) over (N, C, plane): y = gamma * (x - mean) / sqrt(var + eps) + beta, then
    // + residual when given, then max(., 0) when relu.
    /// <summary>Batch mean and biased variance into mean/variance, then the normalisation.</summary>
    void BatchNormTraining(DeviceBuffer x, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer y, DeviceBuffer mean, DeviceBuffer variance,
        DeviceBuffer? residual, NchwShape shape, float epsilon, bool relu);
    /// <summary>The normalisation with given statistics (the running ones in inference).</summary>
    void BatchNormNormalize(DeviceBuffer x, DeviceBuffer mean, DeviceBuffer variance, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer y,
        DeviceBuffer? residual, NchwShape shape, float epsilon, bool relu);
    /// <summary>
    /// dx, dGamma = sum dy' * xhat, dBeta = sum dy' with dy' = dy masked where reluOutput &lt;= 0 (when given); dResidual = dy'
    /// when given. Training: through the batch statistics; else the statistics are constants.
    /// </summary>
    void BatchNormBackward(DeviceBuffer x, DeviceBuffer dy, DeviceBuffer mean, DeviceBuffer variance, DeviceBuffer gamma,
        DeviceBuffer dGamma, DeviceBuffer dBeta, DeviceBuffer dx, DeviceBuffer? reluOutput, DeviceBuffer? dResidual,
        NchwShape shape, float epsilon, bool training);
    /// <summary>running = running * momentum + batch * oneMinusMomentum (the variance times correction first).</summary>
    void BatchNormUpdateRunning(DeviceBuffer runningMean, DeviceBuffer runningVariance, DeviceBuffer batchMean, DeviceBuffer batchVariance,
        float momentum, float oneMinusMomentum, float correction, int channels);
    /// <summary>The relative rounding bound of this kernel set's per-channel sums for a shape (the checks' statistics tolerance).</summary>
    double BatchNormStatisticsBound(NchwShape shape);

    /// <summary>
    /// Relative rounding bound (against the sum of |terms|) of a sum of <paramref name="len"/> floats as this kernel set's
    /// reductions compute it (row sums, the loss), in <paramref name="stages"/> stages (partial sums, then their sum).
    /// </summary>
    double ReductionBound(long len, int stages);

    // Products (Engine/Ops/Gemm, Conv2d, Dense).
    /// <summary>A (batched) single-precision matrix product, see <see cref="GemmCall"/>.</summary>
    void Gemm(in GemmCall call);
    /// <summary>y = conv(x, w) + b (b may be null).</summary>
    void Conv2d(Conv2dGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? b, DeviceBuffer y);
    /// <summary>dx = dL/dx given dy (dx overwritten).</summary>
    void Conv2dBackwardData(Conv2dGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx);
    /// <summary>dw (and db when given) = dL/dw, dL/db given x and dy (overwritten).</summary>
    void Conv2dBackwardWeights(Conv2dGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw, DeviceBuffer? db);
}

/// <summary>
/// C = alpha * op(A) op(B) + beta * C for each of Batch entries (A, B, C at Offset + entry * Stride), or with SumBatch one C =
/// alpha * sum over entries of op(A) op(B) + beta * C. op(A) is M x K: A stored row-major with leading dimension Lda, read
/// transposed (stored K x M) when TransposeA; op(B) is K x N likewise. Offsets, strides and leading dimensions in floats.
/// </summary>
public readonly record struct GemmCall(
    int M, int N, int K,
    DeviceBuffer A, long OffsetA, int Lda, bool TransposeA,
    DeviceBuffer B, long OffsetB, int Ldb, bool TransposeB,
    DeviceBuffer C, long OffsetC, int Ldc,
    float Alpha = 1f, float Beta = 0f,
    int Batch = 1, long StrideA = 0, long StrideB = 0, long StrideC = 0, bool SumBatch = false);
