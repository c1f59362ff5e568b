using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.GradCheck;

/// <summary>
/// Compares a device result with the reference: element i passes when |got - expected| is at most
/// atol + rtol * |expected| (or, with a scale, atol * scale_i, for sums whose rounding grows with the
/// sum of the magnitudes of their terms). Each op states and justifies its tolerances where it defines its checks.
/// </summary>
internal static class OpCompare
{
    public static OpCheckResult Arrays(string op, string @case, ComputeDevice device, ReadOnlySpan<float> got, double[] expected, double atol, double rtol)
    {
        if (got.Length != expected.Length)
            return new OpCheckResult(op, @case, device.Info.Id, double.NaN, double.NaN, "", false, $"length {got.Length} != {expected.Length}");
        double maxAbs = 0, maxRel = 0;
        bool passed = true;
        for (int i = 0; i < got.Length; i++)
        {
            double err = Math.Abs(got[i] - expected[i]);
            if (!(err <= atol + rtol * Math.Abs(expected[i]))) passed = false;   // NaN fails
            if (double.IsNaN(err)) err = double.PositiveInfinity;
            maxAbs = Math.Max(maxAbs, err);
            maxRel = Math.Max(maxRel, err / Math.Max(Math.Abs(expected[i]), 1e-30));
        }
        return new OpCheckResult(op, @case, device.Info.Id, maxAbs, maxRel, $"atol {atol:G2} + rtol {rtol:G2}", passed);
    }

    /// <summary>|got_i - expected_i| &lt;= tolerance * scale_i, with scale_i the sum of |terms| of element i.</summary>
    public static OpCheckResult Scaled(string op, string @case, ComputeDevice device, ReadOnlySpan<float> got, double[] expected, double[] scale, double tolerance)
    {
        double maxAbs = 0, maxRel = 0;
        bool passed = got.Length == expected.Length;
        for (int i = 0; passed && i < got.Length; i++)
        {
            double err = Math.Abs(got[i] - expected[i]);
            if (!(err <= tolerance * scale[i] + 1e-30)) passed = false;
            maxAbs = Math.Max(maxAbs, double.IsNaN(err) ? double.PositiveInfinity : err);
            maxRel = Math.Max(maxRel, err / Math.Max(Math.Abs(expected[i]), 1e-30));
        }
        return new OpCheckResult(op, @case, device.Info.Id, maxAbs, maxRel, $"{tolerance:G2} x sum|terms|", passed);
    }

    /// <summary>Seeded uniform values in [lo, hi), as floats (what the device sees) and the same values as doubles.</summary>
    public static (float[] Floats, double[] Doubles) Random(Random r, int n, double lo = -1, double hi = 1)
    {
        var f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float)(lo + (hi - lo) * r.NextDouble());
        return (f, Array.ConvertAll(f, v => (double)v));
    }
}
