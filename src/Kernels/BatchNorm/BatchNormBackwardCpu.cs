using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.BatchNorm;

/// <summary>
/// Batch norm's backward, one channel per thread at a time, two reads of its values: the
/// sums dBeta = sum g and dGamma = sum g * xhat (in double, in a fixed order), where g is dy under the fused ReLU's
/// mask (reluOutput not null) and is stored to dResidual (not null) on the way; then dx. Training goes through the
/// batch statistics; inference treats them as constants.
/// </summary>
public static unsafe class BatchNormBackwardCpu
{
    public static void Run(CpuWorkers workers, float* x, float* dy, float* mean, float* variance, float* gamma, float* dGamma, float* dBeta,
        float* dx, float* reluOutput, float* dResidual, int batch, int channels, int plane, float epsilon, bool training) =>
        Chunked.Items(workers, channels, 5L * batch * plane, (begin, end) =>
        {
            for (int c = begin; c < end; c++)
            {
                float m = mean[c], invStd = 1f / MathF.Sqrt(variance[c] + epsilon);
                double sumG = 0, sumGx = 0;
                for (int n = 0; n < batch; n++)
                {
                    long at = ((long)n * channels + c) * plane;
                    var sums = new BatchNormGradientSums(x + at, dy + at, reluOutput == null ? null : reluOutput + at,
                        dResidual == null ? null : dResidual + at, m);
                    var (a, b) = Streams.Sum(ref sums, plane);
                    sumG += a;
                    sumGx += b;
                }
                double count = (double)batch * plane, sumGxhat = sumGx / Math.Sqrt((double)variance[c] + epsilon);
                dBeta[c] = (float)sumG;
                dGamma[c] = (float)sumGxhat;
                float scale = gamma[c] * invStd, shift = (float)(sumG / count), slope = (float)(sumGxhat / count);
                for (int n = 0; n < batch; n++)
                {
                    long at = ((long)n * channels + c) * plane;
                    // The masked gradient is dResidual when it was stored there; else dy under the mask again.
                    var run = dResidual != null
                        ? new BatchNormInputGradientRun(x + at, dResidual + at, null, dx + at, m, invStd, scale, shift, slope, training)
                        : new BatchNormInputGradientRun(x + at, dy + at, reluOutput == null ? null : reluOutput + at, dx + at, m, invStd, scale, shift,
                            slope, training);
                    Streams.For(ref run, 0, plane);
                }
            }
        });
}
