using System.Diagnostics;
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
        string? ptxas = FindPtxas();
        Requirements.Need(ptxas != null, "GRN_REQUIRE_PTXAS", "ptxas not found (set GRN_PTXAS, or put CUDA's bin folder on the PATH)");
        using var folder = new TempFolder();
        using var compiler = new PtxCompiler();
        var failures = new List<string>();
        int assembled = 0;
        foreach (int sm in Architectures)
            foreach (var kernel in GpuKernelCatalog.All.Where(k => k.BuildsFor(sm)))
            {
                string file = folder.Write($"{kernel.Name}.sm_{sm}.ptx", compiler.Compile(kernel, sm));
                var (code, log) = Run(ptxas!, $"-arch=sm_{sm} -o {folder.File("out.cubin")} {file}");
                if (code == 0) assembled++;
                else failures.Add($"{kernel.Name} sm_{sm}: ptxas exit {code}: {log}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(Architectures.Sum(sm => GpuKernelCatalog.All.Count(k => k.BuildsFor(sm))), assembled);
        Assert.Contains(GpuKernelCatalog.All, k => k.Name == "gemm_tf32_mma" && !k.BuildsFor(70) && k.BuildsFor(80));
    }

    /// <summary>ptxas from GRN_PTXAS, the PATH, or CUDA's usual folder; null where none runs.</summary>
    internal static string? FindPtxas()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("GRN_PTXAS") is { Length: > 0 } given) candidates.Add(given);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, "ptxas"));
        candidates.Add("/usr/local/cuda/bin/ptxas");
        return candidates.FirstOrDefault(File.Exists);
    }

    private static (int Code, string Log) Run(string exe, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(exe, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        string log = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, log.Trim());
    }
}
