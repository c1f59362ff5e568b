using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.Gemm;

/// <summary>
/// Reference row-major matrix product C (m x n) = op(A) * op(B), where op(A) is (m x k) and op(B) is (k x n);
/// with <c>transposeA</c> A is stored (k x m), with <c>transposeB</c> B is stored (n x k).
/// </summary>
internal static class GemmRef
{
    public static double[] Multiply(int m, int n, int k, double[] a, bool transposeA, double[] b, bool transposeB)
    {
        if (m < 1 || n < 1 || k < 1) throw new ArgumentException($"gemm: sizes must be at least 1, got m={m}, n={n}, k={k}.");
        RefCheck.Length(a, m * k, nameof(a));
        RefCheck.Length(b, k * n, nameof(b));
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int p = 0; p < k; p++)
            {
                double aip = transposeA ? a[p * m + i] : a[i * k + p];
                double bpj = transposeB ? b[j * k + p] : b[p * n + j];
                sum += aip * bpj;
            }
            c[i * n + j] = sum;
        }
        return c;
    }
}
