using GrnGpu.Engine.Ops.Activation;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.BinaryCrossEntropy;

/// <summary>
/// Reference binary cross-entropy as tf.keras 2.x computes it on probabilities (keras.backend.binary_crossentropy,
/// from_logits=False): eps = 1e-7, p' = clip(p, eps, 1 - eps),
/// loss_i = -(y' * log(p' + eps) + (1 - y') * log(1 - p' + eps)), with label smoothing y' = y * (1 - s) + 0.5 * s;
/// the loss is the mean over all elements (for one output per sample: the mean over the batch).
/// Also the from-logits form, which tf.keras switches to when the probabilities come straight out of a Sigmoid op in
/// graph mode; which of the two a training run uses is the caller's choice.
/// </summary>
public static class BinaryCrossEntropyRef
{
    /// <summary>Keras' backend epsilon (used both as the clip margin and inside the logarithms).</summary>
    public const double Epsilon = 1e-7;

    public static double Loss(double[] probabilities, double[] labels, double labelSmoothing = 0)
    {
        CheckArgs(probabilities, labels, labelSmoothing);
        double sum = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            double y = Smooth(labels[i], labelSmoothing);
            sum += -(y * Math.Log(p + Epsilon) + (1 - y) * Math.Log(1 - p + Epsilon));
        }
        return sum / probabilities.Length;
    }

    /// <summary>
    /// dLoss/dp (the mean's 1/count included). Zero where p lies outside [eps, 1 - eps], as the gradient of
    /// tf.clip_by_value is (it passes the gradient at the bounds themselves).
    /// </summary>
    public static double[] Backward(double[] probabilities, double[] labels, double labelSmoothing = 0)
    {
        CheckArgs(probabilities, labels, labelSmoothing);
        int count = probabilities.Length;
        var dp = new double[count];
        for (int i = 0; i < count; i++)
        {
            double p = probabilities[i];
            if (p < Epsilon || p > 1 - Epsilon) continue;   // clipped: no gradient
            double y = Smooth(labels[i], labelSmoothing);
            dp[i] = (-y / (p + Epsilon) + (1 - y) / (1 - p + Epsilon)) / count;
        }
        return dp;
    }

    /// <summary>
    /// Mean of tf.nn.sigmoid_cross_entropy_with_logits: max(z, 0) - z * y' + log(1 + exp(-|z|)) (stable for any z).
    /// </summary>
    public static double LossFromLogits(double[] logits, double[] labels, double labelSmoothing = 0)
    {
        CheckArgs(logits, labels, labelSmoothing);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double z = logits[i], y = Smooth(labels[i], labelSmoothing);
            sum += Math.Max(z, 0) - z * y + Math.Log(1 + Math.Exp(-Math.Abs(z)));
        }
        return sum / logits.Length;
    }

    /// <summary>dLoss/dz = (sigmoid(z) - y') / count.</summary>
    public static double[] BackwardFromLogits(double[] logits, double[] labels, double labelSmoothing = 0)
    {
        CheckArgs(logits, labels, labelSmoothing);
        var dz = new double[logits.Length];
        for (int i = 0; i < logits.Length; i++)
            dz[i] = (ActivationRef.Sigmoid(logits[i]) - Smooth(labels[i], labelSmoothing)) / logits.Length;
        return dz;
    }

    /// <summary>Keras label smoothing for binary targets: y * (1 - s) + 0.5 * s.</summary>
    public static double Smooth(double label, double labelSmoothing) => label * (1 - labelSmoothing) + 0.5 * labelSmoothing;

    private static void CheckArgs(double[] values, double[] labels, double labelSmoothing)
    {
        RefCheck.SameLength(values, labels, nameof(values), nameof(labels));
        if (values.Length == 0) throw new ArgumentException("binary cross-entropy: needs at least one element.");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentException($"binary cross-entropy: label smoothing must be in [0, 1], got {labelSmoothing}.");
    }
}
