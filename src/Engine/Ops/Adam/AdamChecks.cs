using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.Adam;

/// <summary>
/// Adam over a flat buffer: several steps with fresh gradients (some exactly 0, some tiny), compared after every step
/// with <see cref="AdamRef"/> run in double from the same start. Each step rounds m and v's terms and sums with rounded
/// beta factors: under 6 u of the sum of |terms| a step (|g| &lt;= 2 so m's terms are below 2 and v's below 4), growing
/// linearly over t steps. p is rounded once a step (1 u |p|, 2 u allowed) and its update lr_t * m / (sqrt(v) + eps)
/// has ~10 u relative error; |m / sqrt(v)| stays below ~3 in these steps, so 1e-4 * lr a step is a wide margin.
/// </summary>
internal static class AdamChecks
{
    private static readonly int[] Lengths = [1, 1000, 4099];
    private const int Steps = 5;
    private const double LearningRate = 1e-3;

    public static IEnumerable<OpCheck> All()
    {
        foreach (int n in Lengths)
            yield return new OpCheck(AdamOp.Name, $"n={n} {Steps} steps", (device, seed) =>
            {
                using var s = new CheckScope(device, seed);
                string name = $"n={n} step ";
                var settings = AdamSettings.Keras;
                var shape = new Shape(n);
                var (p, pv) = s.Uniform(shape);
                var m = s.Upload(shape, new float[n]);
                var v = s.Upload(shape, new float[n]);
                double[] mv = new double[n], vv = new double[n];
                var results = new List<OpCheckResult>();
                for (int t = 1; t <= Steps; t++)
                {
                    var (gf, _) = OpCompare.Random(s.Random, n, -2, 2);
                    for (int i = 0; i < n; i += 3) gf[i] = i % 2 == 0 ? 0f : gf[i] * 1e-6f;
                    var g = s.Upload(shape, gf);
                    AdamOp.Step(p, g, m, v, t, LearningRate, settings);
                    AdamRef.Step(pv, Array.ConvertAll(gf, x => (double)x), mv, vv, t, LearningRate, settings);
                    results.Add(OpCompare.Arrays($"{AdamOp.Name} m", name + t, device, m.ToArray(), mv, 6 * t * 2 * ErrorBounds.U, 0));
                    results.Add(OpCompare.Arrays($"{AdamOp.Name} v", name + t, device, v.ToArray(), vv, 6 * t * 4 * ErrorBounds.U, 0));
                    results.Add(OpCompare.Arrays($"{AdamOp.Name} p", name + t, device, p.ToArray(), pv, t * LearningRate * 1e-4, t * 2 * ErrorBounds.U));
                }
                return results;
            });
    }
}
