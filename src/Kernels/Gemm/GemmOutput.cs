namespace GrnGpu.Kernels.Gemm;

/// <summary>
/// Where a product goes and how it combines with what is there: C = Alpha * product + Bias[row] + Beta * C, C row-major
/// with leading dimension Ldc. Beta = 0 never reads C (it may hold NaN); Bias null adds nothing.
/// </summary>
public readonly unsafe struct GemmOutput(float* c, long ldc, float alpha = 1f, float beta = 0f, float* bias = null)
{
    public float* C { get; } = c;
    public long Ldc { get; } = ldc;
    public float Alpha { get; } = alpha;
    public float Beta { get; } = beta;
    public float* Bias { get; } = bias;

    /// <summary>The output of every depth block after the first: that block's sum already holds beta and the bias.</summary>
    internal GemmOutput Accumulating => new(C, Ldc, Alpha, 1f);

    /// <summary>C = Bias + Beta * C, for a product with no depth (K = 0).</summary>
    internal void ScaleOnly(int m, int n)
    {
        for (int i = 0; i < m; i++)
        {
            float* row = C + i * Ldc;
            float add = Bias == null ? 0f : Bias[i];
            for (int j = 0; j < n; j++) row[j] = (Beta == 0f ? 0f : Beta * row[j]) + add;
        }
    }
}
