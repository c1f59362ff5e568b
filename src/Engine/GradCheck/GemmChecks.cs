using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.GradCheck;

/// <summary>
/// GemmOp.Multiply against <see cref="GemmRef"/> for every transpose combination on odd M, N, K (none a
/// multiple of a tile or panel), with alpha and beta. Each element is alpha * (float sum of K products) +
/// beta * c: tolerance 2 (K + 4) u sum|terms|, as argued in <see cref="Conv2dChecks"/> (the +4 covers the
/// alpha scaling, the beta product and its addition).
/// </summary>
public static class GemmChecks
{
    private const double Unit = 1.0 / (1 << 24);

    /// <summary>The checks; a variant other than Auto forces those kernels (the tiled GPU kernel on a CPU OpenCL device).</summary>
    public static IEnumerable<OpCheck> All(GemmVariant variant = GemmVariant.Auto)
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
        string name = $"{(ta ? 'T' : 'N')}{(tb ? 'T' : 'N')} {m}x{n}x{k} alpha {alpha} beta {beta}";
        return new OpCheck("gemm", name, (device, seed) => Run(device, seed, name, ta, tb, m, n, k, alpha, beta, variant));
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
        yield return OpCompare.Scaled("gemm", name, device, c.ToArray(), expected, scale, 2.0 * (k + 4) * Unit);
    }
}
