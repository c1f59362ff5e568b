namespace GrnGpu.Models.Statistics;

/// <summary>
/// Binary logistic regression fitted by Newton's method (iteratively reweighted least squares) on standardised
/// features. A small ridge penalty (not on the intercept) keeps the fit finite when the classes separate, which a few
/// hundred validation pairs and a strong model can do; at 1e-4 per pair it barely moves a fit that converges (see the coefficient test).
/// </summary>
public sealed class LogisticRegression
{
    private readonly double[] _mean, _scale, _weights;   // _weights[0]: intercept

    private LogisticRegression(double[] mean, double[] scale, double[] weights) => (_mean, _scale, _weights) = (mean, scale, weights);

    /// <summary>The fitted coefficients on the original feature scales, intercept first.</summary>
    public double[] Coefficients
    {
        get
        {
            var c = new double[_weights.Length];
            c[0] = _weights[0];
            for (int f = 0; f < _mean.Length; f++)
            {
                c[f + 1] = _weights[f + 1] / _scale[f];
                c[0] -= c[f + 1] * _mean[f];
            }
            return c;
        }
    }

    public static LogisticRegression Fit(IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, double ridge = 1e-4, int maxIterations = 100)
    {
        if (rows.Count == 0 || rows.Count != labels.Count) throw new ArgumentException("need as many labels as feature rows, and at least one");
        int n = rows.Count, d = rows[0].Length, p = d + 1;
        var mean = new double[d];
        var scale = new double[d];
        for (int f = 0; f < d; f++)
        {
            mean[f] = rows.Average(r => r[f]);
            double sd = Math.Sqrt(rows.Average(r => (r[f] - mean[f]) * (r[f] - mean[f])));
            scale[f] = sd > 0 ? sd : 1;   // a constant feature stays 0 after centring: it gets weight 0
        }
        var x = rows.Select(r => new double[] { 1 }.Concat(r.Select((v, f) => (v - mean[f]) / scale[f])).ToArray()).ToArray();
        var w = new double[p];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            // Gradient and Hessian of the penalised negative log-likelihood.
            var gradient = new double[p];
            var hessian = new double[p, p];
            for (int i = 0; i < n; i++)
            {
                double prob = Sigmoid(Dot(w, x[i]));
                double r = prob - labels[i], s = Math.Max(prob * (1 - prob), 1e-12);
                for (int a = 0; a < p; a++)
                {
                    gradient[a] += r * x[i][a];
                    for (int b = 0; b <= a; b++) hessian[a, b] += s * x[i][a] * x[i][b];
                }
            }
            for (int a = 1; a < p; a++)
            {
                gradient[a] += ridge * n * w[a];
                hessian[a, a] += ridge * n;
            }
            for (int a = 0; a < p; a++) for (int b = a + 1; b < p; b++) hessian[a, b] = hessian[b, a];
            var step = Solve(hessian, gradient);
            double largest = 0;
            for (int a = 0; a < p; a++)
            {
                w[a] -= step[a];
                largest = Math.Max(largest, Math.Abs(step[a]));
            }
            if (largest < 1e-10) break;
        }
        return new LogisticRegression(mean, scale, w);
    }

    /// <summary>P(label = 1) of one row.</summary>
    public double Predict(ReadOnlySpan<double> row)
    {
        double z = _weights[0];
        for (int f = 0; f < _mean.Length; f++) z += _weights[f + 1] * (row[f] - _mean[f]) / _scale[f];
        return Sigmoid(z);
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Gaussian elimination with partial pivoting on a small symmetric positive definite system.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        int p = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (int c = 0; c < p; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < p; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c])) pivot = r;
            if (pivot != c)
            {
                for (int k = 0; k < p; k++) (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
                (v[c], v[pivot]) = (v[pivot], v[c]);
            }
            if (Math.Abs(m[c, c]) < 1e-300) continue;
            for (int r = c + 1; r < p; r++)
            {
                double f = m[r, c] / m[c, c];
                for (int k = c; k < p; k++) m[r, k] -= f * m[c, k];
                v[r] -= f * v[c];
            }
        }
        var x = new double[p];
        for (int r = p - 1; r >= 0; r--)
        {
            double s = v[r];
            for (int k = r + 1; k < p; k++) s -= m[r, k] * x[k];
            x[r] = Math.Abs(m[r, r]) < 1e-300 ? 0 : s / m[r, r];
        }
        return x;
    }
}
