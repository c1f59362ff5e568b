using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.BatchNorm;

/// <summary>
/// Batch normalisation over channel axis 1 of (N, C, plane) tensors ((N, C) inputs have plane 1), forward and running
/// statistics. One channel per thread at a time: its statistics in one read of its N runs,
/// summed in double in a fixed order, then the normalisation, which finds the channel's values in cache when they fit;
/// so the results do not depend on the thread count and the forward reads x twice at most.
/// </summary>
public static unsafe class BatchNormCpu
{
    /// <summary>Relative rounding bound of the statistics: the double sums are exact to far below their one rounding to float.</summary>
    public const double StatisticsBound = 2.0 / (1 << 24);

    /// <summary>Batch mean and biased variance into mean/variance, then y (+ residual when not null, then ReLU when relu).</summary>
    public static void Training(CpuWorkers workers, float* x, float* gamma, float* beta, float* y, float* mean, float* variance, float* residual,
        int batch, int channels, int plane, float epsilon, bool relu) =>
        Chunked.Items(workers, channels, 3L * batch * plane, (begin, end) =>
        {
            for (int c = begin; c < end; c++)
            {
                (mean[c], variance[c]) = Statistics(x, c, batch, channels, plane);
                NormalizeChannel(x, residual, y, c, batch, channels, plane, mean[c], 1f / MathF.Sqrt(variance[c] + epsilon), gamma[c], beta[c], relu);
            }
        });

    /// <summary>The normalisation with given statistics (the running ones in inference).</summary>
    public static void Normalize(CpuWorkers workers, float* x, float* mean, float* variance, float* gamma, float* beta, float* y, float* residual,
        int batch, int channels, int plane, float epsilon, bool relu) =>
        Chunked.Items(workers, channels, 2L * batch * plane, (begin, end) =>
        {
            for (int c = begin; c < end; c++)
                NormalizeChannel(x, residual, y, c, batch, channels, plane, mean[c], 1f / MathF.Sqrt(variance[c] + epsilon), gamma[c], beta[c], relu);
        });

    /// <summary>Keras moving averages: running = running * momentum + batch * oneMinusMomentum, the variance times correction first.</summary>
    public static void UpdateRunning(float* runningMean, float* runningVariance, float* batchMean, float* batchVariance, float momentum,
        float oneMinusMomentum, float correction, int channels)
    {
        for (int c = 0; c < channels; c++)
        {
            runningMean[c] = runningMean[c] * momentum + batchMean[c] * oneMinusMomentum;
            runningVariance[c] = runningVariance[c] * momentum + batchVariance[c] * correction * oneMinusMomentum;
        }
    }

    /// <summary>Channel c's mean and biased variance, from its moments about its first value.</summary>
    private static (float Mean, float Variance) Statistics(float* x, int c, int batch, int channels, int plane)
    {
        float* first = x + (long)c * plane;
        double shift = first[0], s1 = 0, s2 = 0;
        for (int n = 0; n < batch; n++)
        {
            var moments = new BatchNormMoments(first + (long)n * channels * plane, shift);
            var (a, b) = Streams.Sum(ref moments, plane);
            s1 += a;
            s2 += b;
        }
        double count = (double)batch * plane, d = s1 / count;
        return ((float)(shift + d), (float)Math.Max(s2 / count - d * d, 0));
    }

    private static void NormalizeChannel(float* x, float* residual, float* y, int c, int batch, int channels, int plane, float mean, float invStd,
        float gamma, float beta, bool relu)
    {
        for (int n = 0; n < batch; n++)
        {
            long at = ((long)n * channels + c) * plane;
            var run = new BatchNormNormalizeRun(x + at, residual == null ? null : residual + at, y + at, mean, invStd, gamma, beta, relu);
            Streams.For(ref run, 0, plane);
        }
    }
}
