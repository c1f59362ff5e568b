using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.BatchNorm;

/// <summary>Output of training-mode batch norm plus the per-channel batch statistics it used (biased variance).</summary>
internal sealed record BatchNormTrainingResult(double[] Output, double[] Mean, double[] Variance);

/// <summary>Gradients of batch norm w.r.t. input (NCHW), gamma (C) and beta (C).</summary>
internal sealed record BatchNormGradients(double[] Input, double[] Gamma, double[] Beta);

/// <summary>
/// Reference batch normalisation over channel axis 1 of an NCHW tensor (statistics over N, H, W; a (N, C) input is
/// (N, C, 1, 1)): y = gamma * (x - mean) / sqrt(var + eps) + beta.
/// Training mode uses the batch mean and the biased batch variance (divide by the count, as TF does for normalising);
/// inference mode uses the running statistics.
/// </summary>
internal static class BatchNormRef
{
    public static BatchNormTrainingResult ForwardTraining(
        NchwShape shape, double[] input, double[] gamma, double[] beta, double epsilon = BatchNormSettings.DefaultEpsilon)
    {
        CheckArgs(shape, input, gamma, beta);
        var (mean, variance) = BatchStatistics(shape, input);
        double[] output = Normalize(shape, input, gamma, beta, mean, variance, epsilon);
        return new BatchNormTrainingResult(output, mean, variance);
    }

    public static double[] ForwardInference(
        NchwShape shape, double[] input, double[] gamma, double[] beta, double[] runningMean, double[] runningVariance,
        double epsilon = BatchNormSettings.DefaultEpsilon)
    {
        CheckArgs(shape, input, gamma, beta);
        RefCheck.Length(runningMean, shape.C, nameof(runningMean));
        RefCheck.Length(runningVariance, shape.C, nameof(runningVariance));
        return Normalize(shape, input, gamma, beta, runningMean, runningVariance, epsilon);
    }

    /// <summary>Per-channel mean and biased variance (sum of squared deviations / count) over N, H, W.</summary>
    public static (double[] Mean, double[] Variance) BatchStatistics(NchwShape shape, double[] input)
    {
        RefCheck.Length(input, shape.Length, nameof(input));
        int count = shape.N * shape.PlaneSize;
        var mean = new double[shape.C];
        var variance = new double[shape.C];
        for (int c = 0; c < shape.C; c++)
        {
            double sum = 0;
            foreach (int i in ChannelIndices(shape, c)) sum += input[i];
            mean[c] = sum / count;
            double squares = 0;
            foreach (int i in ChannelIndices(shape, c)) squares += (input[i] - mean[c]) * (input[i] - mean[c]);
            variance[c] = squares / count;   // two-pass: exact enough to be an oracle
        }
        return (mean, variance);
    }

    /// <summary>
    /// Keras-style moving averages, in place: running = running * momentum + batch * (1 - momentum).
    /// With <paramref name="besselCorrected"/> false (the default, as specified for this project) the biased batch
    /// variance is folded in. TensorFlow's fused batch-norm kernel (what tf.keras 2.x uses for 4-D inputs) instead folds
    /// in variance * count / (count - 1) (Bessel's correction); pass true to reproduce that. count = N*H*W.
    /// </summary>
    public static void UpdateRunningStatistics(
        NchwShape shape, double[] runningMean, double[] runningVariance, double[] batchMean, double[] batchVariance,
        double momentum = BatchNormSettings.DefaultMomentum, bool besselCorrected = false)
    {
        RefCheck.Length(runningMean, shape.C, nameof(runningMean));
        RefCheck.Length(runningVariance, shape.C, nameof(runningVariance));
        RefCheck.Length(batchMean, shape.C, nameof(batchMean));
        RefCheck.Length(batchVariance, shape.C, nameof(batchVariance));
        int count = shape.N * shape.PlaneSize;
        // With a single value per channel TF divides by max(count - 1, 1), i.e. applies no correction; so do we.
        double correction = besselCorrected && count > 1 ? (double)count / (count - 1) : 1.0;
        for (int c = 0; c < shape.C; c++)
        {
            runningMean[c] = runningMean[c] * momentum + batchMean[c] * (1 - momentum);
            runningVariance[c] = runningVariance[c] * momentum + batchVariance[c] * correction * (1 - momentum);
        }
    }

    /// <summary>
    /// Training-mode gradients, including the paths through the batch mean and variance. With
    /// xhat = (x - mean) / sqrt(var + eps), per channel over its count M values:
    /// dx = gamma / sqrt(var + eps) * (dy - mean(dy) - xhat * mean(dy * xhat)); dgamma = sum(dy * xhat); dbeta = sum(dy).
    /// <paramref name="batchMean"/> and <paramref name="batchVariance"/> are those returned by <see cref="ForwardTraining"/>.
    /// </summary>
    public static BatchNormGradients BackwardTraining(
        NchwShape shape, double[] input, double[] gamma, double[] batchMean, double[] batchVariance, double[] outputGrad,
        double epsilon = BatchNormSettings.DefaultEpsilon)
    {
        CheckBackwardArgs(shape, input, gamma, batchMean, batchVariance, outputGrad);
        int count = shape.N * shape.PlaneSize;
        var dInput = new double[shape.Length];
        var dGamma = new double[shape.C];
        var dBeta = new double[shape.C];
        for (int c = 0; c < shape.C; c++)
        {
            double invStd = 1.0 / Math.Sqrt(batchVariance[c] + epsilon);
            double sumDy = 0, sumDyXhat = 0;
            foreach (int i in ChannelIndices(shape, c))
            {
                double xhat = (input[i] - batchMean[c]) * invStd;
                sumDy += outputGrad[i];
                sumDyXhat += outputGrad[i] * xhat;
            }
            dGamma[c] = sumDyXhat;
            dBeta[c] = sumDy;
            foreach (int i in ChannelIndices(shape, c))
            {
                double xhat = (input[i] - batchMean[c]) * invStd;
                dInput[i] = gamma[c] * invStd * (outputGrad[i] - sumDy / count - xhat * sumDyXhat / count);
            }
        }
        return new BatchNormGradients(dInput, dGamma, dBeta);
    }

    /// <summary>Inference-mode gradients: the running statistics are constants, so dx = dy * gamma / sqrt(var + eps).</summary>
    public static BatchNormGradients BackwardInference(
        NchwShape shape, double[] input, double[] gamma, double[] runningMean, double[] runningVariance, double[] outputGrad,
        double epsilon = BatchNormSettings.DefaultEpsilon)
    {
        CheckBackwardArgs(shape, input, gamma, runningMean, runningVariance, outputGrad);
        var dInput = new double[shape.Length];
        var dGamma = new double[shape.C];
        var dBeta = new double[shape.C];
        for (int c = 0; c < shape.C; c++)
        {
            double invStd = 1.0 / Math.Sqrt(runningVariance[c] + epsilon);
            foreach (int i in ChannelIndices(shape, c))
            {
                double xhat = (input[i] - runningMean[c]) * invStd;
                dInput[i] = outputGrad[i] * gamma[c] * invStd;
                dGamma[c] += outputGrad[i] * xhat;
                dBeta[c] += outputGrad[i];
            }
        }
        return new BatchNormGradients(dInput, dGamma, dBeta);
    }

    private static double[] Normalize(
        NchwShape shape, double[] input, double[] gamma, double[] beta, double[] mean, double[] variance, double epsilon)
    {
        if (!(epsilon > 0)) throw new ArgumentException($"batch norm: epsilon must be positive, got {epsilon}.");
        var output = new double[shape.Length];
        for (int c = 0; c < shape.C; c++)
        {
            double invStd = 1.0 / Math.Sqrt(variance[c] + epsilon);
            foreach (int i in ChannelIndices(shape, c))
                output[i] = gamma[c] * (input[i] - mean[c]) * invStd + beta[c];
        }
        return output;
    }

    /// <summary>Flat indices of every element of channel <paramref name="c"/> (all n, y, x).</summary>
    private static IEnumerable<int> ChannelIndices(NchwShape shape, int c)
    {
        for (int n = 0; n < shape.N; n++)
        {
            int start = shape.Index(n, c, 0, 0);
            for (int k = 0; k < shape.PlaneSize; k++) yield return start + k;
        }
    }

    private static void CheckArgs(NchwShape shape, double[] input, double[] gamma, double[] beta)
    {
        RefCheck.Length(input, shape.Length, nameof(input));
        RefCheck.Length(gamma, shape.C, nameof(gamma));
        RefCheck.Length(beta, shape.C, nameof(beta));
    }

    private static void CheckBackwardArgs(
        NchwShape shape, double[] input, double[] gamma, double[] mean, double[] variance, double[] outputGrad)
    {
        RefCheck.Length(input, shape.Length, nameof(input));
        RefCheck.Length(gamma, shape.C, nameof(gamma));
        RefCheck.Length(mean, shape.C, nameof(mean));
        RefCheck.Length(variance, shape.C, nameof(variance));
        RefCheck.Length(outputGrad, shape.Length, nameof(outputGrad));
    }
}
