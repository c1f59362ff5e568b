using GrnGpu.Engine.Devices;
using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.Gemm;

/// <summary>
/// GemmOp.Multiply against <see cref="GemmRef"/> for every transpose combination on odd M, N, K (none a
/// multiple of a tile or panel), with alpha and beta. Each element is alpha * (float sum of K products) +
/// beta * c: tolerance 2 (K + 4) u sum|terms|, as argued in <see cref="Conv2dChecks"/> (the +4 covers the
/// alpha scaling, the beta product and its addition).
/// </summary>
/// <para>
/// TF32 (<see cref="GemmVariant.Tf32"/>, the tensor-core kernel; `--precision tf32`): each input is rounded to TF32 first
/// (10 explicit mantissa bits, to nearest: relative error at most 2^-11 each). The product of two TF32 values has at most
/// 22 significant bits and is exact in the FP32 accumulator, so a term a_k b_k is computed as a_k b_k (1 + d), |d| &lt;=
/// 2 * 2^-11 + 2^-22. The accumulation is FP32, in an order the hardware chooses and possibly truncating rather than
/// rounding its additions, so each of the at most K - 1 additions a term passes through is charged 2u (u = 2^-24),
/// as in the FP32 bound above. Hence |c~ - c| &lt;= (2^-10 + 2^-22 + 2 (K + 4) u) sum|terms|: about 1e-3 of the sum of
/// magnitudes for any K the models use, against ~1e-5 for FP32 at K = 300. Split-K changes the order, not the count.
/// </para>
internal static class GemmChecks
{
    private const double Unit = 1.0 / (1 << 24);

    /// <summary>The TF32 bound per unit of sum|terms| for depth <paramref name="k"/>, derived above.</summary>
    public static double Tf32Tolerance(int k) => 1.0 / 1024 + 1.0 / (1 << 22) + 2.0 * (k + 4) * Unit;

    /// <summary>The TF32 kernel's checks (on PoCL it runs emulated: same fragments, same rounding, FP32 sums).</summary>
    public static IEnumerable<OpCheck> Tf32()
    {
        yield return Case(false, false, 67, 45, 131, 1f, 0f, GemmVariant.Tf32);
        yield return Case(true, false, 1, 17, 5, -0.5f, 2f, GemmVariant.Tf32);
        yield return Case(false, true, 70, 33, 300, 1.5f, 1f, GemmVariant.Tf32);
    }

    /// <summary>Every GEMM check the catalog runs: the automatic choice of kernel, then the TF32 kernel.</summary>
    public static IEnumerable<OpCheck> All() => For(GemmVariant.Auto).Concat(Tf32());

    /// <summary>The checks; a variant other than Auto forces those kernels (the tiled GPU kernel on a CPU OpenCL device).</summary>
    public static IEnumerable<OpCheck> For(GemmVariant variant)
    {
        foreach (var (ta, tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            yield return Case(ta, tb, 67, 45, 131, 1f, 0f, variant);
            yield return Case(ta, tb, 1, 17, 5, -0.5f, 2f, variant);
            yield return Case(ta, tb, 7, 1, 300, 1.5f, 1f, variant);
        }
    }

    private static OpCheck Case(bool ta, bool tb, int m, int n, int k, float alpha, float beta, GemmVariant variant)
    {
        string name = $"{(ta ? 'T' : 'N')}{(tb ? 'T' : 'N')} {m}x{n}x{k} alpha {alpha} beta {beta}{(variant == GemmVariant.Tf32 ? " tf32" : "")}";
        return new OpCheck(GemmOp.Name, name, (device, seed) => Run(device, seed, name, ta, tb, m, n, k, alpha, beta, variant));
    }

    private static IEnumerable<OpCheckResult> Run(ComputeDevice device, int seed, string name, bool ta, bool tb, int m, int n, int k, float alpha, float beta, GemmVariant variant)
    {
        var r = new Random(seed);
        var (af, ad) = OpCompare.Random(r, m * k);
        var (bf, bd) = OpCompare.Random(r, k * n);
        var (cf, cd) = OpCompare.Random(r, m * n);
        using var a = Tensor.FromArray(device, new Shape(ta ? k : m, ta ? m : k), af);
        using var b = Tensor.FromArray(device, new Shape(tb ? n : k, tb ? k : n), bf);
        // beta = 0 must not read C: start it as NaN there.
        using var c = beta == 0f ? Tensor.Full(device, new Shape(m, n), float.NaN) : Tensor.FromArray(device, new Shape(m, n), cf);
        GemmOp.Multiply(a, ta, b, tb, c, m, n, k, alpha, beta, variant);

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
        yield return OpCompare.Scaled(GemmOp.Name, name, device, c.ToArray(), expected, scale, variant == GemmVariant.Tf32 ? Tf32Tolerance(k) : 2.0 * (k + 4) * Unit);
    }
}
