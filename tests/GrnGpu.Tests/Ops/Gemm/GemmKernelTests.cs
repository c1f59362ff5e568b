using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using Xunit;
using GrnGpu.Engine.Ops.Gemm;

namespace GrnGpu.Tests.Ops.Gemm;

/// <summary>
/// The GEMM kernels' batch, offset and summed-batch addressing, for both kernel variants wherever they run
/// (the tiled GPU kernel is valid OpenCL too, so PoCL checks it even though Auto picks the packed one there).
/// </summary>
public class GemmKernelTests
{
    public static TheoryData<string, GemmVariant, bool, bool> Cases()
    {
        var data = new TheoryData<string, GemmVariant, bool, bool>();
        foreach (var kind in new[] { "opencl", "cuda" })
            foreach (var variant in new[] { GemmVariant.Tiled, GemmVariant.CpuPacked })
                foreach (var (ta, tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
                    if (!(kind == "cuda" && variant == GemmVariant.CpuPacked))
                        data.Add(kind, variant, ta, tb);
        return data;
    }

    private static float[] Values(Random r, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.NextSingle() * 2 - 1;
        return v;
    }

    private static double[] Slice(float[] all, int offset, int count) =>
        all.Skip(offset).Take(count).Select(v => (double)v).ToArray();

    /// <summary>Three products at offsets and batch strides with padding between them, then the same three summed into one C.</summary>
    [Theory, MemberData(nameof(Cases))]
    public void BatchedAndSummedProductsMatchTheReference(string kind, GemmVariant variant, bool ta, bool tb)
    {
        var gpu = TestDevices.Gpu(kind);
        const int m = 13, n = 70, k = 19, batch = 3, offset = 5, pad = 3;
        int sizeA = m * k + pad, sizeB = k * n + pad, sizeC = m * n + pad;
        var r = new Random(3);
        float[] a = Values(r, offset + batch * sizeA), b = Values(r, offset + batch * sizeB);
        using var ta_ = Tensor.FromArray(gpu, new Shape(a.Length), a);
        using var tb_ = Tensor.FromArray(gpu, new Shape(b.Length), b);
        using var c = Tensor.Full(gpu, new Shape(offset + batch * sizeC), -7f);
        var opA = new GemmOperand(ta_.Buffer, offset, ta ? m : k, sizeA, ta);
        var opB = new GemmOperand(tb_.Buffer, offset, tb ? k : n, sizeB, tb);

        GemmOp.Run(gpu, new GemmProblem(m, n, k, opA, opB, new GemmOperand(c.Buffer, offset, n, sizeC), Alpha: 2f, Batch: batch), variant);
        float[] got = c.ToArray();
        var sum = new double[m * n];
        for (int e = 0; e < batch; e++)
        {
            double[] expected = GemmRef.Multiply(m, n, k, Slice(a, offset + e * sizeA, m * k), ta, Slice(b, offset + e * sizeB, k * n), tb);
            for (int i = 0; i < m * n; i++)
            {
                Assert.InRange(got[offset + e * sizeC + i], 2 * expected[i] - 1e-4, 2 * expected[i] + 1e-4);
                sum[i] += expected[i];
            }
            for (int i = m * n; i < sizeC; i++) Assert.Equal(-7f, got[offset + e * sizeC + i]);   // padding untouched
        }
        Assert.Equal(-7f, got[0]);

        GemmOp.Run(gpu, new GemmProblem(m, n, k, opA, opB, new GemmOperand(c.Buffer, offset, n), Alpha: 1f, Beta: 0.5f, Batch: batch, SumBatch: true), variant);
        float[] summed = c.ToArray();
        for (int i = 0; i < m * n; i++)
        {
            double expected = sum[i] + 0.5 * got[offset + i];
            Assert.InRange(summed[offset + i], expected - 1e-4, expected + 1e-4);
        }
    }

    /// <summary>NvrtcTests compiles gemm.c with its defaults only; the transposed variants must be valid CUDA too (needs no GPU).</summary>
    [Theory]
    [InlineData("GEMM_TA=0 GEMM_TB=1")]
    [InlineData("GEMM_TA=1 GEMM_TB=0")]
    [InlineData("GEMM_TA=1 GEMM_TB=1")]
    public void EveryTransposeVariantCompilesForCuda(string defines)
    {
        Requirements.Need(NvrtcCompiler.IsAvailable(out var why), "GRN_REQUIRE_NVRTC", why);
        string ptx = System.Text.Encoding.UTF8.GetString(NvrtcCompiler.CompileFile("gemm.c", 80, defines));
        Assert.Contains(".entry gemm_tiled", ptx);
    }
}
