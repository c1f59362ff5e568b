using GrnGpu.Engine.Devices;
using GrnGpu.Kernels;
using Xunit;

namespace GrnGpu.Tests.Engine;

/// <summary>Every kernel file's CUDA form compiles with NVRTC, which needs no GPU (GRN_REQUIRE_NVRTC=1 in CI).</summary>
public class NvrtcTests
{
    public static TheoryData<string, int> FilesAndArchs()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in KernelSource.Files)
            foreach (var arch in new[] { 70, 80, 90 })
                data.Add(file, arch);
        return data;
    }

    private static void NeedNvrtc() =>
        Requirements.Need(NvrtcCompiler.IsAvailable(out var why), "GRN_REQUIRE_NVRTC", why);

    [Theory, MemberData(nameof(FilesAndArchs))]
    public void EveryKernelFileCompilesForCuda(string file, int arch)
    {
        NeedNvrtc();
        var ptx = NvrtcCompiler.CompileFile(file, arch);
        string text = System.Text.Encoding.UTF8.GetString(ptx);
        Assert.Contains($".target sm_{arch}", text);
        Assert.Contains(".entry", text);
    }

    [Fact]
    public void ACudaCompileErrorNamesTheFileAndKeepsTheLog()
    {
        NeedNvrtc();
        var e = Assert.Throws<KernelCompileException>(() => NvrtcCompiler.CompileToPtx("bad.c",
            KernelSource.ComposeText("bad.c", "KERNEL void k(GLOBAL float* x) { x[0] = missing_symbol; }", KernelTarget.Cuda), 80, []));
        Assert.Contains("bad.c", e.Message);
        Assert.Contains("missing_symbol", e.Log);
    }

    [Fact]
    public void EveryKernelFileHasItsTextAndThePreludeMapsBothTargets()
    {
        Assert.Contains("selftest.c", KernelSource.Files);
        Assert.DoesNotContain(KernelSource.PreludeName, KernelSource.Files);
        string prelude = KernelSource.Read(KernelSource.PreludeName);
        Assert.Contains("#define GRN_CUDA 1", prelude);
        Assert.Contains("#define GRN_OPENCL 1", prelude);
        foreach (var target in new[] { KernelTarget.Cuda, KernelTarget.OpenCl })
        {
            string unit = KernelSource.Compose("selftest.c", target);
            Assert.StartsWith(prelude, unit);
            Assert.Contains("#line 1 \"selftest.c\"\n" + KernelSource.Read("selftest.c"), unit);
        }
    }
}
