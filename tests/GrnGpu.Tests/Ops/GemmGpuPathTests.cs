using GrnGpu.Engine.Ops.Gemm;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.GradCheck;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Reference;
using Xunit;

namespace GrnGpu.Tests.Ops;

/// <summary>
/// The GPU GEMM's tile sizes and split-K, proven on PoCL by forcing the GPU path (the kernels are portable), and the
/// plans a real H100 would get.
/// </summary>
public class GemmGpuPathTests
{
    public static TheoryData<int, int, int, bool, bool, bool> Plans()
    {
        var data = new TheoryData<int, int, int, bool, bool, bool>();
        // Each tile shape with each slice count; the transposes rotate through the cases (each compiled variant costs
        // a PoCL build), and every transpose pair meets split and unsplit runs.
        var transposes = new[] { (false, false), (true, true), (false, true), (true, false) };
        int i = 0;
        foreach (var (pm, pn) in new[] { (1, 1), (1, 4), (2, 2), (4, 1), (4, 4) })
            foreach (var slices in new[] { 1, 3, 7 })
            {
                var (ta, tb) = transposes[i++ % transposes.Length];
                data.Add(pm, pn, slices, ta, tb, slices != 3);   // summed batch for most, per-entry for some
            }
        return data;
    }

    private static float[] Values(Random r, int n) => Enumerable.Range(0, n).Select(_ => r.NextSingle() * 2 - 1).ToArray();

    /// <summary>Every tile shape and slice count, batched and summed, with alpha and beta, against the reference.</summary>
    [Theory, MemberData(nameof(Plans))]
    public void EveryTileAndSplitMatchesTheReference(int pm, int pn, int slices, bool ta, bool tb, bool sumBatch)
    {
        var gpu = TestDevices.Gpu("opencl");
        const int m = 37, n = 45, k = 53, batch = 3;
        var r = new Random(pm * 100 + pn * 10 + slices);
        float[] a = Values(r, batch * m * k), b = Values(r, batch * k * n), c0 = Values(r, batch * m * n);
        using var ta_ = Tensor.FromArray(gpu, new Shape(a.Length), a);
        using var tb_ = Tensor.FromArray(gpu, new Shape(b.Length), b);
        using var c = Tensor.FromArray(gpu, new Shape(c0.Length), c0);
        var problem = new GemmProblem(m, n, k,
            new GemmOperand(ta_.Buffer, 0, ta ? m : k, m * k, ta), new GemmOperand(tb_.Buffer, 0, tb ? k : n, k * n, tb),
            new GemmOperand(c.Buffer, 0, n, m * n), Alpha: 1.5f, Beta: 0.5f, Batch: batch, SumBatch: sumBatch);
        GemmOp.Run(gpu, problem, GemmVariant.Tiled, new GemmOp.TiledPlan(pm, pn, slices));
        var got = c.ToArray();
        int outputs = sumBatch ? 1 : batch;
        for (int o = 0; o < outputs; o++)
        {
            var expected = new double[m * n];
            var scale = new double[m * n];
            for (int e = sumBatch ? 0 : o; e < (sumBatch ? batch : o + 1); e++)
            {
                var ad = a.Skip(e * m * k).Take(m * k).Select(v => (double)v).ToArray();
                var bd = b.Skip(e * k * n).Take(k * n).Select(v => (double)v).ToArray();
                var p = GemmRef.Multiply(m, n, k, ad, ta, bd, tb);
                var q = GemmRef.Multiply(m, n, k, ad.Select(Math.Abs).ToArray(), ta, bd.Select(Math.Abs).ToArray(), tb);
                for (int i = 0; i < m * n; i++) { expected[i] += p[i]; scale[i] += q[i]; }
            }
            for (int i = 0; i < m * n; i++)
            {
                double want = 1.5 * expected[i] + 0.5 * c0[o * m * n + i];
                // 2 (depth + slices + 4) u sum|terms|: any summation order of the products and slices (Conv2dChecks' bound).
                double tol = 2.0 * (batch * k + slices + 4) / (1 << 24) * (1.5 * scale[i] + 0.5 * Math.Abs(c0[o * m * n + i])) + 1e-30;
                Assert.True(Math.Abs(got[o * m * n + i] - want) <= tol, $"output {o} element {i}: {got[o * m * n + i]} vs {want} (tol {tol:G3})");
            }
        }
        // Past the outputs, C is untouched.
        for (int i = outputs * m * n; i < got.Length; i++) Assert.Equal(c0[i], got[i]);
    }

    public static TheoryData<GemmVariant, string> GemmCheckNames()
    {
        var data = new TheoryData<GemmVariant, string>();
        foreach (var variant in new[] { GemmVariant.Tiled, GemmVariant.Large })
            foreach (var c in GrnGpu.Engine.Ops.Gemm.GemmChecks.For(variant)) data.Add(variant, c.Case);
        return data;
    }

    [Theory, MemberData(nameof(GemmCheckNames))]
    public void TheGemmChecksPassOnTheForcedGpuPath(GemmVariant variant, string name)
    {
        var device = TestDevices.Get("opencl");
        foreach (var r in GrnGpu.Engine.Ops.Gemm.GemmChecks.For(variant).Single(c => c.Case == name).Run(device, 5))
            Assert.True(r.Passed, $"{r.Op} {r.Case}: max abs error {r.MaxAbsError:G3}, tolerance {r.Tolerance}");
    }

    /// <summary>The 128 x 128 double-buffered kernel on edges that are no multiple of its tile or depth, split and not.</summary>
    [Theory]
    [InlineData(false, false, 1, true)]
    [InlineData(true, false, 3, true)]
    [InlineData(false, true, 1, false)]
    [InlineData(true, true, 5, false)]
    public void TheLargeTileKernelMatchesTheReference(bool ta, bool tb, int slices, bool sumBatch)
    {
        var gpu = TestDevices.Gpu("opencl");
        const int m = 150, n = 137, k = 45, batch = 2;
        var r = new Random(slices * 7 + (ta ? 1 : 0) + (tb ? 2 : 0));
        float[] a = Values(r, batch * m * k), b = Values(r, batch * k * n);
        using var ta_ = Tensor.FromArray(gpu, new Shape(a.Length), a);
        using var tb_ = Tensor.FromArray(gpu, new Shape(b.Length), b);
        using var c = Tensor.Full(gpu, new Shape(batch * m * n), float.NaN);   // beta = 0 never reads C
        var problem = new GemmProblem(m, n, k,
            new GemmOperand(ta_.Buffer, 0, ta ? m : k, m * k, ta), new GemmOperand(tb_.Buffer, 0, tb ? k : n, k * n, tb),
            new GemmOperand(c.Buffer, 0, n, m * n), Batch: batch, SumBatch: sumBatch);
        GemmOp.Run(gpu, problem, GemmVariant.Large, null, slices);
        var got = c.ToArray();
        for (int o = 0; o < (sumBatch ? 1 : batch); o++)
        {
            var expected = new double[m * n];
            var scale = new double[m * n];
            for (int e = sumBatch ? 0 : o; e < (sumBatch ? batch : o + 1); e++)
            {
                var ad = a.Skip(e * m * k).Take(m * k).Select(v => (double)v).ToArray();
                var bd = b.Skip(e * k * n).Take(k * n).Select(v => (double)v).ToArray();
                var p = GemmRef.Multiply(m, n, k, ad, ta, bd, tb);
                var q = GemmRef.Multiply(m, n, k, ad.Select(Math.Abs).ToArray(), ta, bd.Select(Math.Abs).ToArray(), tb);
                for (int i = 0; i < m * n; i++) { expected[i] += p[i]; scale[i] += q[i]; }
            }
            for (int i = 0; i < m * n; i++)
            {
                double tol = 2.0 * (batch * k + slices + 4) / (1 << 24) * scale[i] + 1e-30;
                Assert.True(Math.Abs(got[o * m * n + i] - expected[i]) <= tol, $"output {o} element {i}: {got[o * m * n + i]} vs {expected[i]}");
            }
        }
    }

    [Theory]
    // SDINet-like weight gradients: Cout x (Cin 3 3), summed over 32 images of a plane.
    [InlineData(64, 576, 40 * 80, 32)]
    [InlineData(16, 18, 128 * 320, 32)]
    [InlineData(128, 1152, 10 * 20, 32)]
    public void AWeightGradientOnAnH100IsSplitToTwiceTheSms(int m, int n, int plane, int batch)
    {
        var gpu = new SimulatedGpuDevice(GpuLimits.H100);
        using var dy = Tensor.Empty(gpu, new Shape(batch * m * plane));
        using var col = Tensor.Empty(gpu, new Shape(batch * n * plane));
        using var dw = Tensor.Empty(gpu, new Shape(m * n));
        GemmOp.Run(gpu, new GemmProblem(m, n, plane, new GemmOperand(dy.Buffer, 0, plane, m * plane),
            new GemmOperand(col.Buffer, 0, plane, n * plane, Transposed: true), new GemmOperand(dw.Buffer, 0, n), Batch: batch, SumBatch: true));
        var product = gpu.Launches.Single(l => GemmOp.IsProductKernel(l.Kernel));
        Assert.True(product.Blocks >= 264, product.ToString());
        Assert.Contains(gpu.Launches, l => l.Kernel == "gemm_splitk_reduce");
        // M below the 64-row tile: a 16-row tile, not a three-quarters-empty one.
        if (m <= 16) Assert.Contains("GT_PM=1", product.Defines);
    }
}
