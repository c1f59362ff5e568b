namespace GrnGpu.Engine.Ops.BatchNorm;

/// <summary>Keras BatchNormalization hyper-parameters (defaults as Keras: epsilon 1e-3, momentum 0.99).</summary>
public sealed record BatchNormSettings
{
    public const double DefaultEpsilon = 1e-3;
    public const double DefaultMomentum = 0.99;

    /// <summary>Added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>running = running * Momentum + batch * (1 - Momentum).</summary>
    public double Momentum { get; }

    public BatchNormSettings(double epsilon = DefaultEpsilon, double momentum = DefaultMomentum)
    {
        if (!(epsilon > 0) || double.IsInfinity(epsilon)) throw new ArgumentException($"batch norm: epsilon must be positive and finite, got {epsilon}.");
        if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentException($"batch norm: momentum must be in [0, 1], got {momentum}.");
        Epsilon = epsilon;
        Momentum = momentum;
    }

    public static BatchNormSettings Keras { get; } = new();
}
