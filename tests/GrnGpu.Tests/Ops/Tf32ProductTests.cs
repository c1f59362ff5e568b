using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Ops.Dense;
using GrnGpu.Engine.Ops.Gemm;
using GrnGpu.Kernels.Gemm;
using Xunit;

namespace GrnGpu.Tests.Ops;

/// <summary>
/// The TF32 tensor-core GEMM on ILGPU's CPU accelerator opened for TF32, where cvt.rna and mma.sync are emulated with the
/// same fragments: it rounds its inputs as the hardware does, it really is a different kernel from the FP32 one, and the
/// GEMM and dense checks pass at TF32's stated bound (on a GPU, `grn gradcheck --device cuda` runs them on the hardware).
/// </summary>
public class Tf32ProductTests
{
    private static ComputeDevice Tf32Device() => DeviceRegistry.Open("ilgpu-cpu", new DeviceOptions(Precision: GemmPrecision.Tf32));

    [Fact]
    public void RoundingKeepsTenMantissaBitsToNearestTiesAway()
    {
        uint Round(float x) => GemmTf32Gpu.RoundToTf32(BitConverter.SingleToUInt32Bits(x));
        Assert.Equal(BitConverter.SingleToUInt32Bits(1f), Round(1f));
        Assert.Equal(BitConverter.SingleToUInt32Bits(1f), Round(1f + 0x0FFF / 8388608f));                // below half a TF32 unit: down
        Assert.Equal(BitConverter.SingleToUInt32Bits(1f + 1f / 1024), Round(1f + 0x1000 / 8388608f));    // a tie: away from zero
        Assert.Equal(BitConverter.SingleToUInt32Bits(-1f - 1f / 1024), Round(-1f - 0x1000 / 8388608f));  // a tie below zero: away
        Assert.Equal(BitConverter.SingleToUInt32Bits(2f), Round(2f - 1f / 8388608f * 2));                 // the carry reaches the exponent
        Assert.Equal(BitConverter.SingleToUInt32Bits(float.PositiveInfinity), Round(float.PositiveInfinity));
        Assert.True(float.IsNaN(BitConverter.UInt32BitsToSingle(Round(float.NaN))));
    }

    [Fact]
    public void TheTf32ProductIsTheProductOfRoundedInputs()
    {
        var tf32 = Tf32Device();
        var fp32 = DeviceRegistry.Open("ilgpu-cpu", new DeviceOptions(Precision: GemmPrecision.Fp32));
        Assert.True(tf32.ProductsInTf32);
        Assert.False(fp32.ProductsInTf32);
        const int m = 20, n = 24, k = 40;
        var r = new Random(5);
        float[] a = Enumerable.Range(0, m * k).Select(_ => r.NextSingle() * 2 - 1).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => r.NextSingle() * 2 - 1).ToArray();
        float[] Run(ComputeDevice d)
        {
            using var ta = Tensor.FromArray(d, new Shape(m, k), a);
            using var tb = Tensor.FromArray(d, new Shape(k, n), b);
            using var tc = Tensor.Empty(d, new Shape(m, n));
            GemmOp.Multiply(ta, false, tb, false, tc, m, n, k);
            return tc.ToArray();
        }
        float[] got = Run(tf32), plain = Run(fp32);
        double Rounded(float x) => BitConverter.UInt32BitsToSingle(GemmTf32Gpu.RoundToTf32(BitConverter.SingleToUInt32Bits(x)));
        int differ = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double want = 0, scale = 0;
                for (int q = 0; q < k; q++)
                {
                    double term = Rounded(a[i * k + q]) * Rounded(b[q * n + j]);
                    want += term;
                    scale += Math.Abs(term);
                }
                // The products of TF32 values are exact in float: only the FP32 sums' rounding remains.
                Assert.True(Math.Abs(got[i * n + j] - want) <= 2.0 * (k + 2) / (1 << 24) * scale, $"C[{i},{j}] = {got[i * n + j]}, want {want}");
                if (got[i * n + j] != plain[i * n + j]) differ++;
            }
        Assert.True(differ > m * n / 2, $"only {differ} of {m * n} outputs differ from the FP32 kernel's: is TF32 running?");
    }

    [Fact]
    public void TheGemmAndDenseChecksPassInTf32()
    {
        var device = Tf32Device();
        // The small cases (the emulated instructions cost ~100x on the CPU accelerator): every transpose at 1x17x5, and the
        // dense layer's.
        var failures = OpCheckCatalog.All().Where(c => c.Op is DenseOp.Name || c.Op is GemmOp.Name && c.Case.Contains(" 1x17x5 "))
            .SelectMany(c => c.Run(device, 1)).Where(result => !result.Passed)
            .Select(result => $"{result.Op} {result.Case}: {result.MaxRelError:G3} > {result.Tolerance}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
