namespace GrnGpu.Tests.Reference;

/// <summary>Deterministic random inputs for the reference-op tests.</summary>
internal static class TestData
{
    /// <summary>Uniform values in [lo, hi), reproducible from <paramref name="seed"/>.</summary>
    public static double[] Uniform(int count, int seed, double lo = -1, double hi = 1)
    {
        var rng = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = lo + (hi - lo) * rng.NextDouble();
        return values;
    }

    /// <summary>
    /// Values at least 0.01 apart (a shuffled ladder plus tiny jitter), so that no two are within a finite-difference
    /// step of each other: a max-pool argmax cannot change under a 1e-5 perturbation.
    /// </summary>
    public static double[] Distinct(int count, int seed)
    {
        var rng = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = (i - count / 2) * 0.01 + rng.NextDouble() * 0.001;
        rng.Shuffle(values);
        return values;
    }

    /// <summary>Uniform values in [-1, 1] whose magnitude is at least <paramref name="gap"/> (keeps ReLU's kink out of reach).</summary>
    public static double[] AwayFromZero(int count, int seed, double gap)
    {
        double[] values = Uniform(count, seed);
        for (int i = 0; i < values.Length; i++)
            if (Math.Abs(values[i]) < gap) values[i] = values[i] < 0 ? -gap - 0.1 : gap + 0.1;
        return values;
    }

    public static double Dot(double[] a, double[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException("length mismatch");
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
