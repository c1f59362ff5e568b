using GrnGpu.Kernels.Ptx;
using Xunit;

namespace GrnGpu.Tests.Engine;

/// <summary>
/// The ILGPU kernels build for real NVIDIA GPUs without one: every kernel variant compiles to PTX with ILGPU's PTX backend,
/// and NVIDIA's ptxas assembles every module for sm_70, sm_80 and sm_90 with no error. ptxas comes from GRN_PTXAS, the
/// PATH or /usr/local/cuda/bin; where it is absent the assembly test is skipped, unless GRN_REQUIRE_PTXAS=1 (CI).
/// </summary>
public class IlgpuPtxTests
{
    private static readonly int[] Architectures = [70, 80, 90];

    [Fact]
    public void EveryKernelCompilesToPtxForEachArchitecture()
    {
        using var compiler = new PtxCompiler();
        Assert.True(GpuKernelCatalog.All.Count >= 30, $"only {GpuKernelCatalog.All.Count} kernels in the catalog");
        Assert.Equal(GpuKernelCatalog.All.Count, GpuKernelCatalog.All.Select(k => k.Name).Distinct().Count());
        foreach (int sm in Architectures)
            foreach (var kernel in GpuKernelCatalog.All.Where(k => k.BuildsFor(sm)))
            {
                string ptx = compiler.Compile(kernel, sm);
                Assert.Contains(".version 7.8", ptx);
                Assert.Contains(".entry", ptx);
                // ILGPU targets sm_80 at most: the sm_80 module is what ptxas assembles for sm_90.
                Assert.Contains($".target sm_{Math.Min(sm, 80)}", ptx);
            }
    }

    [Fact]
    public void PtxasAssemblesEveryKernelForSm70Sm80AndSm90()
    {
        string? ptxas = Ptxas.Find();
        Requirements.Need(ptxas != null, "GRN_REQUIRE_PTXAS", "ptxas not found (set GRN_PTXAS, or put CUDA's bin folder on the PATH)");
        using var compiler = new PtxCompiler();
        var failures = new List<string>();
        int assembled = 0;
        foreach (int sm in Architectures)
            foreach (var kernel in GpuKernelCatalog.All.Where(k => k.BuildsFor(sm)))
            {
                var (code, log) = Ptxas.Assemble(ptxas!, compiler.Compile(kernel, sm), sm);
                if (code == 0) assembled++;
                else failures.Add($"{kernel.Name} sm_{sm}: ptxas exit {code}: {log}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(Architectures.Sum(sm => GpuKernelCatalog.All.Count(k => k.BuildsFor(sm))), assembled);
        Assert.Contains(GpuKernelCatalog.All, k => k.Name == "gemm_tf32_mma" && !k.BuildsFor(70) && k.BuildsFor(80));
    }
}
