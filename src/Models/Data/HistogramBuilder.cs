namespace GrnGpu.Models.Data;

/// <summary>
/// The seed's model input: numpy.histogram2d(tf, target, bins=B) transposed (rows = target bins, columns = TF bins),
/// then scaled to [0, 1] by (h - min) / (max - min).
///
/// The binning reproduces numpy 1.24's histogramdd bit for bit:
/// - range per axis = [min, max] of the vector; a constant vector gets [v - 0.5, v + 0.5];
/// - edges = numpy.linspace(lo, hi, B + 1): edge k = k * ((hi - lo) / B) + lo, the last edge set to hi exactly
///   (when the step underflows to 0, numpy computes k / B * (hi - lo) + lo instead; so do we);
/// - bin = searchsorted(edges, x, side='right') - 1, i.e. a value exactly on an inner edge goes to the bin on its
///   right; a value equal to the last edge goes to the last bin (the last bin is closed on the right).
///
/// A histogram whose bins are all equal (only possible with B = 1, or no samples) has max == min; numpy would
/// give 0/0 = NaN there, the seed's code gives 0, and so do we: every bin is 0.
/// </summary>
public sealed class HistogramBuilder
{
    public const int DefaultBins = 64;

    public HistogramBuilder(int bins = DefaultBins)
    {
        if (bins < 1 || bins > 4096) throw new GrnDataException($"--bins must be between 1 and 4096, got {bins}");
        Bins = bins;
    }

    public int Bins { get; }

    /// <summary>Number of floats per histogram (B * B).</summary>
    public int Size => Bins * Bins;

    /// <summary>numpy.linspace(lo, hi, bins + 1) over the vector's range, as numpy's histogramdd builds it.</summary>
    public static double[] BinEdges(ReadOnlySpan<double> values, int bins)
    {
        if (values.IsEmpty) return Linspace(0, 1, bins + 1);
        double lo = values[0], hi = values[0];
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) throw new GrnDataException($"histogram input holds a non-finite value ({v})");
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        if (lo == hi)
        {
            lo -= 0.5;
            hi += 0.5;
        }
        if (!double.IsFinite(hi - lo))
        {
            // The range overflows a double (e.g. -1.7e308 .. 1.7e308; numpy's edges become inf/NaN there and the
            // samples fall in no bin). Halving is exact, so the edges of the halved range, doubled, are the true
            // edges: every sample lands in its bin.
            var half = Linspace(lo / 2, hi / 2, bins + 1);
            for (int k = 0; k < half.Length; k++) half[k] *= 2;
            half[0] = lo;
            half[^1] = hi;
            return half;
        }
        return Linspace(lo, hi, bins + 1);
    }

    /// <summary>numpy.linspace with endpoint=True for float64 scalars.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var y = new double[num];
        int div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        for (int k = 0; k < num; k++)
        {
            double t = step == 0 ? k / (double)div * delta : k * step;
            y[k] = t + start;
        }
        if (num > 1) y[num - 1] = stop;
        return y;
    }

    /// <summary>The 0-based bin of <paramref name="x"/>: searchsorted(edges, x, 'right') - 1, the last edge shifted into the last bin.</summary>
    public static int BinIndex(double[] edges, double x)
    {
        int bins = edges.Length - 1;
        if (x == edges[bins]) return bins - 1;
        // Count of edges <= x (searchsorted side='right').
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        int bin = lo - 1;
        // Outside [first edge, last edge] cannot happen for edges built from the same vector; clamp defensively.
        return bin < 0 ? -1 : bin >= bins ? -1 : bin;
    }

    /// <summary>Raw counts, row-major B x B, row = target bin, column = TF bin (histogram2d(tf, target).T).</summary>
    public double[] Counts(ReadOnlySpan<double> tf, ReadOnlySpan<double> target)
    {
        if (tf.Length != target.Length)
            throw new GrnDataException($"TF and target vectors differ in length ({tf.Length} vs {target.Length})");
        var tfEdges = BinEdges(tf, Bins);
        var targetEdges = BinEdges(target, Bins);
        var counts = new double[Size];
        for (int i = 0; i < tf.Length; i++)
        {
            int column = BinIndex(tfEdges, tf[i]);
            int row = BinIndex(targetEdges, target[i]);
            if (column >= 0 && row >= 0) counts[row * Bins + column] += 1;
        }
        return counts;
    }

    /// <summary>The scaled histogram into <paramref name="destination"/> (length B * B).</summary>
    public void Build(ReadOnlySpan<double> tf, ReadOnlySpan<double> target, Span<float> destination)
    {
        if (destination.Length != Size) throw new ArgumentException($"destination holds {destination.Length} floats, expected {Size}");
        var counts = Counts(tf, target);
        double min = counts.Min(), max = counts.Max();
        double range = max - min;
        for (int i = 0; i < counts.Length; i++)
            destination[i] = range == 0 ? 0f : (float)((counts[i] - min) / range);
    }

    public float[] Build(ReadOnlySpan<double> tf, ReadOnlySpan<double> target)
    {
        var result = new float[Size];
        Build(tf, target, result);
        return result;
    }
}
