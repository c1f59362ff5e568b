using GrnGpu.Engine.Devices;
using GrnGpu.Engine.GradCheck;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Gemm;

/// <summary>
/// GemmOp.Multiply against <see cref="GemmRef"/> for every transpose combination on odd M, N, K (none a
/// multiple of a tile or panel), with alpha and beta. Each element is alpha * (float sum of K products) +
/// beta * c: tolerance 2 (K + 4) u sum|terms|, as argued in <see cref="Conv2dChecks"/> (the +4 covers the
/// alpha scaling, the beta product and its addition).
/// </summary>
/// <para>
/// TF32 (the tensor-core kernel on sm_80+ GPUs; `--precision tf32`, see <see cref="ProductTolerance"/>): each input is rounded to TF32 first
/// (10 explicit mantissa bits, to nearest: relative error at most 2^-11 each). The product of two TF32 values has at most
/// 22 significant bits and is exact in the FP32 accumulator, so a term a_k b_k is computed as a_k b_k (1 + d), |d| &lt;=
/// 2 * 2^-11 + 2^-22. The accumulation is FP32, in an order the hardware chooses and possibly truncating rather than
/// rounding its additions, so each of the at most K - 1 additions a term passes through is charged 2u (u = 2^-24),
/// as in the FP32 bound above. Hence |c~ - c| &lt;= (2^-10 + 2^-22 + 2 (K + 4) u) sum|terms|: about 1e-3 of the sum of
/// magnitudes for any K the models use, against ~1e-5 for FP32 at K = 300. Split-K changes the order, not the count.
/// </para>
internal static class GemmChecks
{
    /// <summary>Every transpose combination on odd shapes, with alpha and beta.</summary>
    public static IEnumerable<OpCheck> All()
    {
        foreach (var (ta, tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            yield return Case(ta, tb, 67, 45, 131, 1f, 0f);
            yield return Case(ta, tb, 1, 17, 5, -0.5f, 2f);
            yield return Case(ta, tb, 7, 1, 300, 1.5f, 1f);
            yield return Case(ta, tb, 70, 33, 300, 1.5f, 1f);
        }
    }

    private static OpCheck Case(bool ta, bool tb, int m, int n, int k, float alpha, float beta)
    {
        string name = $"{(ta ? 'T' : 'N')}{(tb ? 'T' : 'N')} {m}x{n}x{k} alpha {alpha} beta {beta}";
        return new OpCheck(GemmOp.Name, name, (device, seed) => Run(device, seed, name, ta, tb, m, n, k, alpha, beta));
    }

    private static IEnumerable<OpCheckResult> Run(ComputeDevice device, int seed, string name, bool ta, bool tb, int m, int n, int k, float alpha, float beta)
    {
        var r = new Random(seed);
        var (af, ad) = OpCompare.Random(r, m * k);
        var (bf, bd) = OpCompare.Random(r, k * n);
        var (cf, cd) = OpCompare.Random(r, m * n);
        using var a = Tensor.FromArray(device, new Shape(ta ? k : m, ta ? m : k), af);
        using var b = Tensor.FromArray(device, new Shape(tb ? n : k, tb ? k : n), bf);
        // beta = 0 must not read C: start it as NaN there.
        using var c = beta == 0f ? Tensor.Full(device, new Shape(m, n), float.NaN) : Tensor.FromArray(device, new Shape(m, n), cf);
        GemmOp.Multiply(a, ta, b, tb, c, m, n, k, alpha, beta);

        double[] product = GemmRef.Multiply(m, n, k, ad, ta, bd, tb);
        double[] magnitude = GemmRef.Multiply(m, n, k, Array.ConvertAll(ad, Math.Abs), ta, Array.ConvertAll(bd, Math.Abs), tb);
        var expected = new double[m * n];
        var scale = new double[m * n];
        for (int i = 0; i < expected.Length; i++)
        {
            double old = beta == 0f ? 0 : cd[i];
            expected[i] = alpha * product[i] + beta * old;
            scale[i] = Math.Abs(alpha) * magnitude[i] + Math.Abs(beta * old);
        }
        yield return OpCompare.Scaled(GemmOp.Name, name, device, c.ToArray(), expected, scale, ProductTolerance.On(device, k + 2));
    }
}
