namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// One axis: its label and range. A null <see cref="Min"/> or <see cref="Max"/> is chosen from the data and widened
/// to the nearest "nice" tick (a multiple of 1, 2 or 5 times a power of ten); explicit bounds are kept as given.
/// </summary>
public sealed record Axis
{
    public Axis(string label, double? min = null, double? max = null, bool integerTicks = false)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (min is { } a && !double.IsFinite(a)) throw new ArgumentException($"axis '{label}': minimum {a} is not a finite number", nameof(min));
        if (max is { } b && !double.IsFinite(b)) throw new ArgumentException($"axis '{label}': maximum {b} is not a finite number", nameof(max));
        if (min is { } lo && max is { } hi && !(lo < hi))
            throw new ArgumentException($"axis '{label}': minimum {lo} must be below maximum {hi}", nameof(min));
        Label = label;
        Min = min;
        Max = max;
        IntegerTicks = integerTicks;
    }

    public string Label { get; }
    public double? Min { get; }
    public double? Max { get; }

    /// <summary>Ticks only at whole numbers (epochs, counts): the tick step is never below 1.</summary>
    public bool IntegerTicks { get; }

    /// <summary>The fixed [0, 1] axis of rates and probabilities (ROC, precision-recall).</summary>
    public static Axis Unit(string label) => new(label, 0, 1);
}
