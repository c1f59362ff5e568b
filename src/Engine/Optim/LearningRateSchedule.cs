namespace GrnGpu.Engine.Optim;

/// <summary>The learning rate to use during a given epoch (0-based).</summary>
public abstract class LearningRateSchedule
{
    public abstract double At(int epoch);

    public static LearningRateSchedule Constant(double learningRate) => new ConstantSchedule(learningRate);

    /// <summary>initial * factor^k, where k is how many of <paramref name="epochs"/> are &lt;= the epoch.</summary>
    public static LearningRateSchedule StepDecay(double initial, double factor, params int[] epochs) =>
        new StepDecaySchedule(initial, factor, epochs);

    protected static void CheckEpoch(int epoch)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "Epochs are 0-based.");
    }

    protected static void CheckRate(double learningRate, string what)
    {
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentException($"{what} must be positive and finite, got {learningRate}.");
    }
}

/// <summary>The same learning rate in every epoch.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    public double LearningRate { get; }

    public ConstantSchedule(double learningRate)
    {
        CheckRate(learningRate, "learning rate");
        LearningRate = learningRate;
    }

    public override double At(int epoch)
    {
        CheckEpoch(epoch);
        return LearningRate;
    }
}

/// <summary>
/// Piecewise-constant decay: starts at <see cref="Initial"/> and is multiplied by <see cref="Factor"/> when each of
/// <see cref="Epochs"/> begins (e.g. initial 1e-3, factor 0.1, epochs {30, 60}: epochs 0-29 use 1e-3, 30-59 1e-4, 60- 1e-5).
/// </summary>
public sealed class StepDecaySchedule : LearningRateSchedule
{
    private readonly int[] _epochs;

    public double Initial { get; }
    public double Factor { get; }
    public IReadOnlyList<int> Epochs => _epochs;

    public StepDecaySchedule(double initial, double factor, IReadOnlyList<int> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        CheckRate(initial, "initial learning rate");
        CheckRate(factor, "decay factor");
        for (int i = 0; i < epochs.Count; i++)
        {
            if (epochs[i] < 1) throw new ArgumentException($"step decay: decay epochs must be at least 1, got {epochs[i]}.");
            if (i > 0 && epochs[i] <= epochs[i - 1])
                throw new ArgumentException($"step decay: decay epochs must be strictly increasing, got {epochs[i - 1]} then {epochs[i]}.");
        }
        Initial = initial;
        Factor = factor;
        _epochs = epochs.ToArray();
    }

    public override double At(int epoch)
    {
        CheckEpoch(epoch);
        double rate = Initial;
        foreach (int boundary in _epochs)
            if (epoch >= boundary) rate *= Factor;
        return rate;
    }
}
