namespace GrnGpu.Models.Statistics;

/// <summary>The standard normal distribution's tails, for the p-value of a z statistic (DeLong's test).</summary>
public static class NormalDistribution
{
    /// <summary>P(|Z| &gt;= |z|) for a standard normal Z: erfc(|z| / sqrt 2).</summary>
    public static double TwoSidedP(double z)
    {
        if (double.IsNaN(z)) return double.NaN;
        return Math.Min(1, Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }

    /// <summary>
    /// The complementary error function by the Chebyshev fit of Numerical Recipes (3rd ed., 6.2.2; relative error
    /// below 1.2e-7 everywhere), ample for a p-value; .NET has no erfc of its own.
    /// </summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                   + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
