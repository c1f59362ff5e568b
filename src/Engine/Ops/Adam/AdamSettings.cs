namespace GrnGpu.Engine.Ops.Adam;

/// <summary>Adam hyper-parameters, Keras defaults: beta1 0.9, beta2 0.999, epsilon 1e-7.</summary>
public sealed record AdamSettings
{
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }

    public AdamSettings(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentException($"adam: beta1 must be in [0, 1), got {beta1}.");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentException($"adam: beta2 must be in [0, 1), got {beta2}.");
        if (!(epsilon >= 0) || double.IsInfinity(epsilon)) throw new ArgumentException($"adam: epsilon must be finite and non-negative, got {epsilon}.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public static AdamSettings Keras { get; } = new();

    /// <summary>Bias-corrected step size lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t) for step t (1-based).</summary>
    public double StepSize(double learningRate, int step)
    {
        if (step < 1) throw new ArgumentException($"adam: step is 1-based, got {step}.");
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
            throw new ArgumentException($"adam: learning rate must be finite and non-negative, got {learningRate}.");
        return learningRate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step));
    }
}
