using Xunit;

namespace GrnGpu.Tests.Reference;

/// <summary>
/// Central finite differences against analytic gradients.
/// The tests reduce an op to a scalar L = sum(output * r) with a fixed random r, so the analytic gradient of L w.r.t.
/// any input is exactly what the op's backward returns when given outputGrad = r.
///
/// Step: h = 1e-5 * max(1, |x|). Error of the central difference: truncation ~ h^2/6 * |L'''| (about 1e-11 for the
/// smooth ops here, whose third derivatives are O(1)-O(100)) plus rounding ~ 1e-16 * |L| / h (|L| is at most ~100 in
/// these tests, so ~1e-9). Tolerance: |analytic - numeric| &lt;= 1e-6 + 1e-6 * |numeric| — a thousand times the expected
/// error, yet a wrong gradient (a missing term, a wrong index, a wrong pad split) is off by O(0.01..1) and fails.
/// </summary>
internal static class GradientCheck
{
    public const double AbsoluteTolerance = 1e-6;
    public const double RelativeTolerance = 1e-6;

    /// <summary>
    /// Compares <paramref name="analytic"/> with the central difference of <paramref name="loss"/> w.r.t. each element of
    /// <paramref name="variable"/>; <paramref name="loss"/> must read <paramref name="variable"/> (it is perturbed in place
    /// and restored).
    /// </summary>
    public static void Check(string name, double[] variable, double[] analytic, Func<double> loss)
    {
        Assert.Equal(variable.Length, analytic.Length);
        double[] numeric = Numeric(variable, loss);
        double largest = 0;
        for (int i = 0; i < variable.Length; i++)
        {
            double error = Math.Abs(analytic[i] - numeric[i]);
            double allowed = AbsoluteTolerance + RelativeTolerance * Math.Abs(numeric[i]);
            if (error > allowed)
                Assert.Fail($"{name}[{i}]: analytic {analytic[i]:R} vs numeric {numeric[i]:R} (error {error:E2} > {allowed:E2})");
            largest = Math.Max(largest, Math.Abs(analytic[i]));
        }
        // Guard against a vacuous pass: an all-zero gradient would match an all-zero numeric one.
        Assert.True(largest > 1e-3, $"{name}: gradient is (near) zero everywhere; the check proves nothing.");
    }

    public static double[] Numeric(double[] variable, Func<double> loss)
    {
        var numeric = new double[variable.Length];
        for (int i = 0; i < variable.Length; i++)
        {
            double saved = variable[i];
            double h = 1e-5 * Math.Max(1.0, Math.Abs(saved));
            variable[i] = saved + h;
            double plus = loss();
            variable[i] = saved - h;
            double minus = loss();
            variable[i] = saved;
            numeric[i] = (plus - minus) / (2 * h);
        }
        return numeric;
    }
}
