using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.BatchNorm;

/// <summary>
/// First-order rounding-error bounds of the float batch-norm kernels, element by element, for <see cref="BatchNormChecks"/>.
/// Inputs: the reference values, the errors dMean[c] / dVar[c] of the statistics the kernel used (its own float
/// reductions, or the reference's statistics rounded to float), and r, the relative bound of a channel reduction.
/// Every elementary float operation adds at most u = 2^-24 relative; sqrt and divide are counted as 3 u each because
/// OpenCL allows up to 3 ulp for sqrt and 2.5 ulp for divide.
/// </summary>
internal static class BatchNormBounds
{
    private const double U = ErrorBounds.U;

    /// <summary>Per-channel mean, |mean| bound: r of mean |x|, plus the 1 / count factor's rounding.</summary>
    public static (double[] Mean, double[] Variance) Statistics(NchwShape shape, double[] x, double[] mean, double[] variance, double r)
    {
        var dMean = new double[shape.C];
        var dVar = new double[shape.C];
        foreach (var (c, i) in Elements(shape)) dMean[c] += Math.Abs(x[i]);
        int count = shape.N * shape.PlaneSize;
        for (int c = 0; c < shape.C; c++)
        {
            dMean[c] = dMean[c] / count * (r + 2 * U);
            // Squares of (x - mean_f): each term 3 u (difference, square, and its share of the mean's error
            // enters squared: dMean^2), the sum r, the 1 / count factor 2 u.
            dVar[c] = variance[c] * (r + 5 * U) + dMean[c] * dMean[c];
        }
        return (dMean, dVar);
    }

    /// <summary>y = gamma * (x - mean) * invStd + beta with statistics off by dMean / dVar.</summary>
    public static double[] Output(NchwShape shape, double[] x, double[] gamma, double[] beta, double[] mean, double[] variance,
        double[] dMean, double[] dVar, double eps)
    {
        var bound = new double[shape.Length];
        foreach (var (c, i) in Elements(shape))
        {
            double invStd = 1 / Math.Sqrt(variance[c] + eps);
            double xhat = (x[i] - mean[c]) * invStd;
            double g = Math.Abs(gamma[c]);
            double xhatError = invStd * dMean[c] + Math.Abs(xhat) * (dVar[c] / (2 * (variance[c] + eps)) + 8 * U);
            bound[i] = g * xhatError + 2 * U * (g * Math.Abs(xhat) + Math.Abs(beta[c]));
        }
        return bound;
    }

    /// <summary>Bounds of dx, dGamma and dBeta (training: through the statistics; inference: dx = dy * gamma * invStd).</summary>
    public static (double[] Input, double[] Gamma, double[] Beta) Gradients(NchwShape shape, double[] x, double[] dy, double[] gamma,
        double[] mean, double[] variance, double[] dMean, double[] dVar, double eps, double r, bool training)
    {
        int count = shape.N * shape.PlaneSize;
        var sumAbsDy = new double[shape.C];
        var sumAbsDyXhat = new double[shape.C];
        var sumDyXhat = new double[shape.C];
        var sumDy = new double[shape.C];
        var xhatErrorSum = new double[shape.C];
        var xhatError = new double[shape.Length];
        foreach (var (c, i) in Elements(shape))
        {
            double invStd = 1 / Math.Sqrt(variance[c] + eps);
            double xhat = (x[i] - mean[c]) * invStd;
            xhatError[i] = invStd * dMean[c] + Math.Abs(xhat) * (dVar[c] / (2 * (variance[c] + eps)) + 8 * U);
            sumAbsDy[c] += Math.Abs(dy[i]);
            sumAbsDyXhat[c] += Math.Abs(dy[i] * xhat);
            sumDyXhat[c] += dy[i] * xhat;
            sumDy[c] += dy[i];
            xhatErrorSum[c] += Math.Abs(dy[i]) * xhatError[i];
        }
        var dBeta = new double[shape.C];
        var dGamma = new double[shape.C];
        for (int c = 0; c < shape.C; c++)
        {
            dBeta[c] = r * sumAbsDy[c];
            dGamma[c] = (r + 2 * U) * sumAbsDyXhat[c] + xhatErrorSum[c];
        }
        var dx = new double[shape.Length];
        foreach (var (c, i) in Elements(shape))
        {
            double invStd = 1 / Math.Sqrt(variance[c] + eps);
            double xhat = (x[i] - mean[c]) * invStd;
            double invStdRel = dVar[c] / (2 * (variance[c] + eps)) + 4 * U;
            double g = Math.Abs(gamma[c]) * invStd;
            if (!training)
            {
                dx[i] = g * Math.Abs(dy[i]) * (invStdRel + 3 * U);
                continue;
            }
            double inner = dy[i] - sumDy[c] / count - xhat * sumDyXhat[c] / count;
            double innerError = dBeta[c] / count + Math.Abs(xhat) * dGamma[c] / count + xhatError[i] * Math.Abs(sumDyXhat[c]) / count
                + 5 * U * (Math.Abs(dy[i]) + Math.Abs(sumDy[c]) / count + Math.Abs(xhat * sumDyXhat[c]) / count);
            dx[i] = g * innerError + g * Math.Abs(inner) * (invStdRel + 3 * U);
        }
        return (dx, dGamma, dBeta);
    }

    /// <summary>(channel, flat index) of every element, channel by channel.</summary>
    private static IEnumerable<(int C, int I)> Elements(NchwShape shape)
    {
        for (int n = 0; n < shape.N; n++)
        for (int c = 0; c < shape.C; c++)
        {
            int start = shape.Index(n, c, 0, 0);
            for (int k = 0; k < shape.PlaneSize; k++) yield return (c, start + k);
        }
    }
}
