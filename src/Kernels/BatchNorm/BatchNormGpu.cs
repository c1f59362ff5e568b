using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.BatchNorm;

/// <summary>
/// Batch normalisation over channel axis 1 of (N, C, plane) tensors on the GPU. Training and the
/// backward run one group per channel (grid-strided over channels): the group folds the channel's N * plane values in a
/// fixed order (each work-item a strided slice, then a tree), two-pass for the variance, and then normalises (or forms dx)
/// in the same launch. Residual and ReLU are fused epilogues: y = t + residual, then max(., 0).
/// </summary>
public static class BatchNormGpu
{
    /// <summary>The tensor's shape and the options, one kernel parameter. HasResidual / Relu / Training are 0 or 1.</summary>
    public readonly record struct Dims(int Batch, int Channels, int Plane, float Epsilon, int HasResidual, int Relu, int Training)
    {
        public int Count => Batch * Plane;

        /// <summary>The flat index of the j-th value (in (n, plane) order) of channel c.</summary>
        public long Index(int c, int j)
        {
            int n = j / Plane;
            return ((long)n * Channels + c) * Plane + (j - n * Plane);
        }
    }

    /// <summary>The relative rounding bound of the per-channel sums: slices of count / Group values, the tree, the division.</summary>
    public static double StatisticsBound(int count) =>
        ((count + GpuLaunch.Group - 1) / GpuLaunch.Group + GpuLaunch.GroupLog2 + 4) / (double)(1 << 24);

    /// <summary>Batch mean and biased variance (two-pass) into mean / variance, then y (+ residual, then ReLU).</summary>
    public static void Training(Dims s, ArrayView<float> x, ArrayView<float> gamma, ArrayView<float> beta, ArrayView<float> y,
        ArrayView<float> mean, ArrayView<float> variance, ArrayView<float> residual)
    {
        var tile = SharedMemory.Allocate<float>(GpuLaunch.Group);
        int count = s.Count;
        for (int c = Grid.IdxX; c < s.Channels; c += Grid.DimX)
        {
            float acc = 0f;
            for (int j = Group.IdxX; j < count; j += GpuLaunch.Group) acc += x[s.Index(c, j)];
            float m = GpuLaunch.TreeSum(tile, acc) / count;
            acc = 0f;
            for (int j = Group.IdxX; j < count; j += GpuLaunch.Group)
            {
                float d = x[s.Index(c, j)] - m;
                acc += d * d;
            }
            float v = GpuLaunch.TreeSum(tile, acc) / count;
            if (Group.IdxX == 0)
            {
                mean[c] = m;
                variance[c] = v;
            }
            float invStd = 1f / MathF.Sqrt(v + s.Epsilon), g = gamma[c], b = beta[c];
            for (int j = Group.IdxX; j < count; j += GpuLaunch.Group)
            {
                long i = s.Index(c, j);
                y[i] = Epilogue(s, g * ((x[i] - m) * invStd) + b, residual, i);
            }
        }
    }

    /// <summary>The normalisation with given statistics, one work-item per value.</summary>
    public static void Normalize(Dims s, ArrayView<float> x, ArrayView<float> mean, ArrayView<float> variance, ArrayView<float> gamma,
        ArrayView<float> beta, ArrayView<float> y, ArrayView<float> residual)
    {
        int n = s.Batch * s.Channels * s.Plane;
        for (int i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride)
        {
            int c = i / s.Plane % s.Channels;
            float invStd = 1f / MathF.Sqrt(variance[c] + s.Epsilon);
            y[i] = Epilogue(s, gamma[c] * ((x[i] - mean[c]) * invStd) + beta[c], residual, i);
        }
    }

    /// <summary>
    /// The backward, one group per channel: g = dy where reluOutput &gt; 0 (when Relu; stored to dResidual when HasResidual),
    /// dBeta = sum g, dGamma = sum g * xhat; then dx = gamma * invStd * (g - dBeta / count - xhat * dGamma / count) in
    /// training, gamma * invStd * g with constant statistics.
    /// </summary>
    public static void Backward(Dims s, ArrayView<float> x, ArrayView<float> dy, ArrayView<float> mean, ArrayView<float> variance,
        ArrayView<float> gamma, ArrayView<float> dGamma, ArrayView<float> dBeta, ArrayView<float> dx, ArrayView<float> reluOutput,
        ArrayView<float> dResidual)
    {
        var tile = SharedMemory.Allocate<float>(GpuLaunch.Group);
        int count = s.Count;
        float invCount = 1f / count;
        for (int c = Grid.IdxX; c < s.Channels; c += Grid.DimX)
        {
            float m = mean[c], invStd = 1f / MathF.Sqrt(variance[c] + s.Epsilon);
            float accG = 0f, accGx = 0f;
            for (int j = Group.IdxX; j < count; j += GpuLaunch.Group)
            {
                long i = s.Index(c, j);
                float g = Masked(s, dy, reluOutput, i);
                if (s.HasResidual != 0) dResidual[i] = g;
                accG += g;
                accGx += g * ((x[i] - m) * invStd);
            }
            float sumG = GpuLaunch.TreeSum(tile, accG);
            float sumGx = GpuLaunch.TreeSum(tile, accGx);
            if (Group.IdxX == 0)
            {
                dBeta[c] = sumG;
                dGamma[c] = sumGx;
            }
            float scale = gamma[c] * invStd, shift = sumG * invCount, slope = sumGx * invCount;
            for (int j = Group.IdxX; j < count; j += GpuLaunch.Group)
            {
                long i = s.Index(c, j);
                // dy under the mask again (dResidual may be dy itself, already masked: the mask leaves it as it is).
                float g = Masked(s, dy, reluOutput, i);
                float xhat = (x[i] - m) * invStd;
                if (s.Training != 0) g = g - shift - xhat * slope;
                dx[i] = scale * g;
            }
        }
    }

    /// <summary>Keras moving averages: running = running * momentum + batch * oneMinusMomentum (the variance times correction first).</summary>
    public static void UpdateRunning(ArrayView<float> runningMean, ArrayView<float> runningVariance, ArrayView<float> batchMean,
        ArrayView<float> batchVariance, float momentum, float oneMinusMomentum, float correction, int channels)
    {
        for (int c = GpuLaunch.GlobalIndex; c < channels; c += GpuLaunch.GlobalStride)
        {
            runningMean[c] = runningMean[c] * momentum + batchMean[c] * oneMinusMomentum;
            runningVariance[c] = runningVariance[c] * momentum + batchVariance[c] * correction * oneMinusMomentum;
        }
    }

    private static float Epilogue(Dims s, float t, ArrayView<float> residual, long i)
    {
        if (s.HasResidual != 0) t += residual[i];
        return s.Relu != 0 && !(t > 0f) ? 0f : t;
    }

    private static float Masked(Dims s, ArrayView<float> dy, ArrayView<float> reluOutput, long i)
    {
        float g = dy[i];
        return s.Relu != 0 && !(reluOutput[i] > 0f) ? 0f : g;
    }
}
