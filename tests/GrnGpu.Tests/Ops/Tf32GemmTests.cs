using GrnGpu.Engine.Ops.Gemm;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.GradCheck;
using GrnGpu.Engine.Ops;
using GrnGpu.Kernels;
using Xunit;

namespace GrnGpu.Tests.Ops;

/// <summary>
/// The TF32 tensor-core GEMM: compiles to mma.sync for sm_80/sm_90 with NVRTC; its emulation (same fragments, same
/// rounding) is exact against a TF32 model of the product on PoCL; the precision switch picks it only where it exists.
/// </summary>
public class Tf32GemmTests
{
    [Theory]
    [InlineData(80)]
    [InlineData(90)]
    public void TheTf32KernelCompilesToTensorCoreInstructions(int arch)
    {
        Requirements.Need(NvrtcCompiler.IsAvailable(out var why), "GRN_REQUIRE_NVRTC", why);
        foreach (var defines in new[] { "GEMM_TA=0 GEMM_TB=0", "GEMM_TA=1 GEMM_TB=0", "GEMM_TA=0 GEMM_TB=1", "GEMM_TA=1 GEMM_TB=1" })
        {
            var source = KernelSource.Compose("gemm.c", KernelTarget.Cuda);
            string ptx = System.Text.Encoding.UTF8.GetString(NvrtcCompiler.CompileToPtx("gemm.c", source, arch, GpuDevice.ParseDefines(defines)));
            Assert.Contains("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32", ptx);
            Assert.Contains("cvt.rna.tf32.f32", ptx);
            var r = KernelResourceReport.Compile("gemm.c", source, defines, arch)["gemm_tf32"];
            Assert.False(r.Spills, r.ToString());
            Assert.Empty(r.DoubleInstructions);
        }
    }

    [Fact]
    public void BelowSm80TheKernelFallsBackToItsEmulation()
    {
        Requirements.Need(NvrtcCompiler.IsAvailable(out var why), "GRN_REQUIRE_NVRTC", why);
        string ptx = System.Text.Encoding.UTF8.GetString(NvrtcCompiler.CompileFile("gemm.c", 70));
        Assert.Contains(".entry gemm_tf32", ptx);
        Assert.DoesNotContain("mma.sync", ptx);
    }

    /// <summary>cvt.rna.tf32.f32: to nearest, ties away from zero, on the 13 dropped bits.</summary>
    private static double Tf32(float x) => BitConverter.UInt32BitsToSingle((BitConverter.SingleToUInt32Bits(x) + 0x1000u) & 0xFFFFE000u);

    [Theory]
    [InlineData(false, false, 1)]
    [InlineData(true, false, 2)]
    [InlineData(false, true, 3)]
    [InlineData(true, true, 1)]
    public void TheEmulatedKernelComputesTheTf32ProductOfItsInputs(bool ta, bool tb, int slices)
    {
        // Against the exact product of the TF32-rounded inputs: only FP32 accumulation error remains, so a wrong
        // fragment index or a missing rounding cannot hide inside the TF32 tolerance.
        var gpu = TestDevices.Gpu("opencl");
        const int m = 70, n = 45, k = 37;
        var r = new Random(17 + slices);
        float[] a = Enumerable.Range(0, m * k).Select(_ => r.NextSingle() * 2 - 1).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => r.NextSingle() * 2 - 1).ToArray();
        using var ta_ = Tensor.FromArray(gpu, new Shape(a.Length), a);
        using var tb_ = Tensor.FromArray(gpu, new Shape(b.Length), b);
        using var c = Tensor.Full(gpu, new Shape(m * n), float.NaN);
        GemmOp.Run(gpu, new GemmProblem(m, n, k, new GemmOperand(ta_.Buffer, 0, ta ? m : k, 0, ta), new GemmOperand(tb_.Buffer, 0, tb ? k : n, 0, tb),
            new GemmOperand(c.Buffer, 0, n)), GemmVariant.Tf32, null, slices);
        var got = c.ToArray();
        double worstRounded = 0, worstRaw = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double rounded = 0, raw = 0, scale = 0;
                for (int q = 0; q < k; q++)
                {
                    float av = ta ? a[q * m + i] : a[i * k + q], bv = tb ? b[j * k + q] : b[q * n + j];
                    rounded += Tf32(av) * Tf32(bv);
                    raw += (double)av * bv;
                    scale += Math.Abs((double)av * bv);
                }
                double err = Math.Abs(got[i * n + j] - rounded);
                Assert.True(err <= 2.0 * (k + slices + 4) / (1 << 24) * scale + 1e-30, $"({i}, {j}): {got[i * n + j]} vs TF32 product {rounded}");
                Assert.True(Math.Abs(got[i * n + j] - raw) <= GemmChecks.Tf32Tolerance(k) * scale, $"({i}, {j}) outside the TF32 bound");
                worstRounded = Math.Max(worstRounded, err / scale);
                worstRaw = Math.Max(worstRaw, Math.Abs(got[i * n + j] - raw) / scale);
            }
        // The rounding really happened: the distance to the FP32 product is TF32-sized, far above FP32 accumulation.
        Assert.True(worstRaw > 10 * worstRounded, $"TF32 {worstRaw:G3} vs accumulation {worstRounded:G3}");
    }

    [Fact]
    public void Tf32IsPickedOnlyWhereTensorCoresExistAndPrecisionAsksForIt()
    {
        var h100 = new SimulatedGpuDevice(GpuLimits.H100);
        var volta = new SimulatedGpuDevice(GpuLimits.H100 with { ComputeCapability = 70 });
        using var a = Tensor.Empty(h100, new Shape(256 * 1024));
        var p = new GemmProblem(256, 256, 1024, GemmOperand.Of(a, 1024), GemmOperand.Of(a, 256), GemmOperand.Of(a, 256));
        using (GemmOp.UsePrecision(GemmPrecision.Tf32))
        {
            Assert.Equal(GemmVariant.Tf32, GemmOp.ForProblem(h100, p, GemmVariant.Auto));
            Assert.Equal(GemmVariant.Large, GemmOp.ForProblem(volta, p, GemmVariant.Auto));
            Assert.Equal(GemmVariant.Tiled, GemmOp.ForProblem(h100, p, GemmVariant.Tiled));   // a forced variant stays
        }
        using (GemmOp.UsePrecision(GemmPrecision.Fp32))
            Assert.Equal(GemmVariant.Large, GemmOp.ForProblem(h100, p, GemmVariant.Auto));
        // OpenCL devices never get it from Auto.
        var cl = TestDevices.Gpu("opencl");
        using (GemmOp.UsePrecision(GemmPrecision.Tf32))
            Assert.NotEqual(GemmVariant.Tf32, GemmOp.ForProblem(cl, p with { A = p.A }, GemmVariant.Auto));
    }
}
