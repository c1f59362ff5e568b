using System.Globalization;

namespace GrnGpu.Models.Training.Plots;

/// <summary>
/// An axis resolved against data: the drawn range, the tick values inside it and how many decimals their labels
/// need. Ticks are multiples of a "nice" step (1, 2 or 5 times a power of ten).
/// </summary>
public sealed class AxisScale
{
    private const int TargetIntervals = 5;
    private const int MaxTicks = 50;

    private AxisScale(double min, double max, double step, IReadOnlyList<double> ticks, int decimals)
    {
        Min = min;
        Max = max;
        Step = step;
        Ticks = ticks;
        Decimals = decimals;
    }

    public double Min { get; }
    public double Max { get; }
    public double Step { get; }
    public IReadOnlyList<double> Ticks { get; }
    public int Decimals { get; }

    /// <summary>A tick label: invariant culture, as many decimals as the step needs.</summary>
    public string Format(double value) => value.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The step of about <paramref name="intervals"/> intervals over <paramref name="span"/>: 1, 2 or 5 times a power of ten.</summary>
    public static double NiceStep(double span, int intervals = TargetIntervals)
    {
        if (!(span > 0) || !double.IsFinite(span)) throw new ArgumentOutOfRangeException(nameof(span), span, "expected a positive finite span");
        double raw = span / intervals;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / magnitude;
        double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>Resolves <paramref name="axis"/> against the data values it must show (none: the range [0, 1]).</summary>
    public static AxisScale Resolve(Axis axis, IEnumerable<double> values)
    {
        double dataMin = double.PositiveInfinity, dataMax = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (v < dataMin) dataMin = v;
            if (v > dataMax) dataMax = v;
        }
        bool any = dataMin <= dataMax;
        double lo = axis.Min ?? (any ? dataMin : 0);
        double hi = axis.Max ?? (any ? dataMax : 1);
        if (!(hi > lo))
        {
            // All values equal (or one explicit bound on the wrong side of the data): open a range around them.
            double centre = axis.Min ?? axis.Max ?? lo;
            double pad = centre == 0 ? 1 : Math.Abs(centre) * 0.1;
            if (axis.IntegerTicks) pad = Math.Max(1, Math.Ceiling(pad));
            if (axis.Min == null && axis.Max == null) { lo = centre - pad; hi = centre + pad; }
            else if (axis.Min == null) lo = hi - 2 * pad;
            else hi = lo + 2 * pad;
        }
        if (!double.IsFinite(hi - lo))
            throw new ArgumentException($"axis '{axis.Label}': the range [{lo}, {hi}] is too wide to draw");

        double step = NiceStep(hi - lo);
        if (axis.IntegerTicks && step < 1) step = 1;
        while ((hi - lo) / step > MaxTicks) step *= 10;
        const double eps = 1e-9;
        if (axis.Min == null) lo = Math.Floor(lo / step + eps) * step;
        if (axis.Max == null) hi = Math.Ceiling(hi / step - eps) * step;

        var ticks = new List<double>();
        long first = (long)Math.Ceiling(lo / step - eps), last = (long)Math.Floor(hi / step + eps);
        for (long k = first; k <= last; k++)
        {
            double t = k * step;
            ticks.Add(Math.Abs(t) < step * eps ? 0 : t);
        }
        int decimals = step >= 1 ? 0 : (int)Math.Ceiling(-Math.Log10(step) - eps);
        return new AxisScale(lo, hi, step, ticks, decimals);
    }
}
