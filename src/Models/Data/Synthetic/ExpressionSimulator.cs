using GrnGpu.Models.Data.Images;

namespace GrnGpu.Models.Data.Synthetic;

/// <summary>
/// RNA-seq-like profiles over N samples (a developmental time course). TFs mix three shared latent programmes
/// with their own smooth course and noise, so unrelated TFs correlate somewhat (as real ones do). A target is
/// a sum over its regulators of f(TF level), with f linear, sigmoid activation, repression, U-shaped
/// (quadratic, invisible to correlation but not to a 2-D histogram) or saturating, plus noise: 0.35 SD for
/// most targets, 2.5 SD (of a unit-variance signal) for the "noisy" ones. Values are log-scale-like: each
/// gene gets its own mean (0..1.5) and spread (0.5..1.0), rounded to 6 decimals as in the seed's tables.
/// </summary>
public static class ExpressionSimulator
{
    private const int Programmes = 3;

    /// <returns>tf[j][s] and target[i][s].</returns>
    public static (double[][] Tf, double[][] Target) Simulate(RegulatoryGraph graph, SyntheticOptions o)
    {
        var rng = DeterministicRng.For(o.Seed, "expression");
        int n = o.Samples;
        var programmes = Enumerable.Range(0, Programmes).Select(_ => Standardise(SmoothCourse(rng, n, 0.3))).ToArray();

        var tfZ = new double[graph.Tfs.Count][];
        for (int j = 0; j < tfZ.Length; j++)
        {
            var own = SmoothCourse(rng, n, 0.35);
            var loadings = Enumerable.Range(0, Programmes).Select(_ => rng.Normal() / Math.Sqrt(Programmes)).ToArray();
            var z = new double[n];
            for (int s = 0; s < n; s++)
            {
                z[s] = own[s];
                for (int k = 0; k < Programmes; k++) z[s] += 0.6 * loadings[k] * programmes[k][s];
            }
            tfZ[j] = Standardise(z);
        }

        var targetZ = new double[graph.Targets.Count][];
        for (int i = 0; i < targetZ.Length; i++)
        {
            var signal = new double[n];
            var incoming = graph.Edges.Where(e => e.Target == i).ToList();
            if (incoming.Count == 0)
                signal = SmoothCourse(rng, n, 0.2); // unregulated: its own course
            else
                foreach (var e in incoming)
                    for (int s = 0; s < n; s++) signal[s] += e.Weight * Apply(e.Function, tfZ[e.Tf][s], e.Threshold);
            signal = Standardise(signal);
            double noise = graph.NoisyExpression[i] ? 2.5 : 0.35;
            for (int s = 0; s < n; s++) signal[s] += noise * rng.Normal();
            targetZ[i] = Standardise(signal);
        }

        return (tfZ.Select(z => ToLevels(z, rng)).ToArray(), targetZ.Select(z => ToLevels(z, rng)).ToArray());
    }

    public static double Apply(RegulationFunction f, double x, double threshold) => f switch
    {
        RegulationFunction.Linear => x,
        RegulationFunction.Activation => Math.Tanh(2 * (x - threshold)),
        RegulationFunction.Repression => -Math.Tanh(2 * (x - threshold)),
        RegulationFunction.Quadratic => (x - threshold) * (x - threshold),
        _ => 1 - Math.Exp(-Math.Max(-3, x + 1.5)),
    };

    // A smooth random course over the samples (two sinusoids) plus white noise of the given SD.
    private static double[] SmoothCourse(DeterministicRng rng, int n, double noise)
    {
        double f1 = rng.Uniform(0.3, 1.5), f2 = rng.Uniform(1.5, 4), p1 = rng.Uniform(0, 2 * Math.PI), p2 = rng.Uniform(0, 2 * Math.PI);
        double a2 = rng.Uniform(0.2, 0.6);
        var c = new double[n];
        for (int s = 0; s < n; s++)
        {
            double t = n == 1 ? 0 : (double)s / (n - 1);
            c[s] = Math.Sin(2 * Math.PI * f1 * t + p1) + a2 * Math.Sin(2 * Math.PI * f2 * t + p2) + noise * rng.Normal();
        }
        return c;
    }

    private static double[] Standardise(double[] x)
    {
        double mean = x.Average();
        double sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length);
        if (sd < 1e-12) sd = 1;
        return x.Select(v => (v - mean) / sd).ToArray();
    }

    private static double[] ToLevels(double[] z, DeterministicRng rng)
    {
        double mean = rng.Uniform(0, 1.5), spread = rng.Uniform(0.5, 1.0);
        return z.Select(v => Math.Round(mean + spread * v, 6)).ToArray();
    }
}
