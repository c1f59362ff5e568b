namespace GrnGpu.Engine.Ops.Dropout;

/// <summary>
/// Reference inverted dropout: in training, element i is kept iff <see cref="DropoutMask.Keep"/>(seed, i, rate) and
/// kept values are multiplied by 1 / (1 - rate); dropped ones become 0. In inference it is the identity.
/// </summary>
internal static class DropoutRef
{
    public static double[] Forward(double[] input, double rate, uint seed, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        DropoutMask.ValidateRate(rate);
        if (!training) return (double[])input.Clone();
        return Masked(input, rate, seed);
    }

    /// <summary>The same mask and scale applied to the gradient (the op is linear in its input for a fixed mask).</summary>
    public static double[] Backward(double[] outputGrad, double rate, uint seed, bool training)
    {
        ArgumentNullException.ThrowIfNull(outputGrad);
        DropoutMask.ValidateRate(rate);
        if (!training) return (double[])outputGrad.Clone();
        return Masked(outputGrad, rate, seed);
    }

    private static double[] Masked(double[] values, double rate, uint seed)
    {
        double scale = DropoutMask.KeepScale(rate);
        var output = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
            output[i] = DropoutMask.Keep(seed, i, rate) ? values[i] * scale : 0.0;
        return output;
    }
}
