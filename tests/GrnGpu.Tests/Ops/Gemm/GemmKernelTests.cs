using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using Xunit;
using GrnGpu.Engine.Ops.Gemm;

namespace GrnGpu.Tests.Ops.Gemm;

/// <summary>
/// The kernel sets' GEMM (<see cref="IDeviceKernels.Gemm"/>): batch, offset and summed-batch addressing on every kernel
/// device (the cpu device's packed kernel, the ILGPU tiled kernel on ILGPU's CPU accelerator and on a CUDA GPU).
/// </summary>
public class GemmKernelTests
{
    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var kind in new[] { "cpu", "ilgpu-cpu", "cuda" })
            foreach (var (ta, tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
                data.Add(kind, ta, tb);
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
    public void BatchedAndSummedProductsMatchTheReference(string kind, bool ta, bool tb)
    {
        var gpu = TestDevices.Get(kind);
        var kernels = gpu.Kernels!;
        // FP32 sums of 19 products of values in [-1, 1] are within 1e-4; TF32 inputs (ilgpu-cpu, sm_80+ GPUs) within 2^-10 of them.
        double tol = gpu.ProductsInTf32 ? 2e-2 : 1e-4;
        const int m = 13, n = 70, k = 19, batch = 3, offset = 5, pad = 3;
        int sizeA = m * k + pad, sizeB = k * n + pad, sizeC = m * n + pad;
        var r = new Random(3);
        float[] a = Values(r, offset + batch * sizeA), b = Values(r, offset + batch * sizeB);
        using var ta_ = Tensor.FromArray(gpu, new Shape(a.Length), a);
        using var tb_ = Tensor.FromArray(gpu, new Shape(b.Length), b);
        using var c = Tensor.Full(gpu, new Shape(offset + batch * sizeC), -7f);
        GemmCall Call(float alpha, float beta, long strideC, bool sum) => new(m, n, k, ta_.Buffer, offset, ta ? m : k, ta, tb_.Buffer, offset,
            tb ? k : n, tb, c.Buffer, offset, n, alpha, beta, batch, sizeA, sizeB, strideC, sum);

        kernels.Gemm(Call(2f, 0f, sizeC, sum: false));
        float[] got = c.ToArray();
        var sum = new double[m * n];
        for (int e = 0; e < batch; e++)
        {
            double[] expected = GemmRef.Multiply(m, n, k, Slice(a, offset + e * sizeA, m * k), ta, Slice(b, offset + e * sizeB, k * n), tb);
            for (int i = 0; i < m * n; i++)
            {
                Assert.InRange(got[offset + e * sizeC + i], 2 * expected[i] - 2 * tol, 2 * expected[i] + 2 * tol);
                sum[i] += expected[i];
            }
            for (int i = m * n; i < sizeC; i++) Assert.Equal(-7f, got[offset + e * sizeC + i]);   // padding untouched
        }
        Assert.Equal(-7f, got[0]);

        kernels.Gemm(Call(1f, 0.5f, 0, sum: true));
        float[] summed = c.ToArray();
        for (int i = 0; i < m * n; i++)
        {
            double expected = sum[i] + 0.5 * got[offset + i];
            Assert.InRange(summed[offset + i], expected - 4 * tol, expected + 4 * tol);
        }
    }
}
