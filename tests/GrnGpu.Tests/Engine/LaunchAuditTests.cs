using GrnGpu.Engine.Devices;
using GrnGpu.Kernels.Gemm;
using GrnGpu.Kernels.Ptx;
using GrnGpu.Models;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Engine;

/// <summary>
/// The launch audit of the ILGPU device: a full training step of each model at batch 32 on a simulated H100 (nothing runs),
/// every kernel it launched compiled to PTX and assembled by ptxas for sm_80 and sm_90 (GRN_REQUIRE_PTXAS=1 in CI). Fails
/// on a launch outside the limits, a register spill, double precision, or a GEMM grid under twice the SMs that could still be
/// split; at most one host read per step.
/// </summary>
public class LaunchAuditTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models => new("rna", "sdinet", "fusion");

    private static string NeedPtxas()
    {
        string? ptxas = Ptxas.Find();
        Requirements.Need(ptxas != null, "GRN_REQUIRE_PTXAS", "ptxas not found (set GRN_PTXAS, or put CUDA's bin folder on the PATH)");
        return ptxas!;
    }

    [Theory, MemberData(nameof(Models))]
    public void ATrainingStepPassesTheAuditOnAnH100(string model)
    {
        var result = AuditedTrainingStep.Audit(ModelKinds.Parse(model), [80, 90], NeedPtxas());
        output.WriteLine(result.Summary);
        foreach (var g in result.TooSmallToFill) output.WriteLine($"small GEMM: {g}");
        Assert.True(result.Violations.Count == 0, result.Summary + "\n" + string.Join("\n", result.Violations));
        Assert.True(result.Launches.Count > 100, result.Summary);
        Assert.Contains(result.Launches, l => l.Kernel == "adam");
        Assert.Contains(result.Resources, r => r.Kernel == "gemm_tf32_mma" && r.Arch == 90);
        Assert.DoesNotContain(result.Launches, l => l.Kernel == "gemm_tiled");   // TF32 on an H100
        // The one read of a step: the batch's probabilities for the progress line.
        Assert.Single(result.HostReads);
        // Every product that could be split to twice the SMs was.
        Assert.All(result.Launches.Where(l => GemmGpu.IsProduct(l.Kernel) && l.Blocks < 264),
            l => Assert.False(GemmGpu.CanSplitFurther((GemmShape)l.FirstArgument!), l.ToString()));
    }

    [Fact]
    public void WithFp32TheAuditPassesOnTheFp32Kernels()
    {
        var result = AuditedTrainingStep.Audit(ModelKind.SdiNet, [90], NeedPtxas(), precision: GemmPrecision.Fp32);
        output.WriteLine(result.Summary);
        Assert.True(result.Violations.Count == 0, string.Join("\n", result.Violations));
        Assert.DoesNotContain(result.Launches, l => l.Kernel == "gemm_tf32_mma");
        Assert.Contains(result.Resources, r => r.Kernel == "gemm_tiled" && r.Arch == 90);
    }

    [Fact]
    public void TheAuditCatchesALaunchOutsideTheLimits()
    {
        // An H100 whose groups may hold 128 threads only: every 256-thread launch of the step breaks it.
        var tight = GpuLimits.H100 with { MaxThreadsPerBlock = 128, MaxBlockX = 128 };
        var result = AuditedTrainingStep.Audit(ModelKind.Rna, [], ptxas: null, batch: 4, limits: tight);
        Assert.Contains(result.Violations, v => v.Contains("group outside", StringComparison.Ordinal));
        Assert.Empty(result.Resources);   // no architectures asked for: no ptxas run
    }

    [Fact]
    public void PtxasReportsParseIntoResourcesWithSpills()
    {
        var rows = Ptxas.ParseReport("""
            ptxas info    : Compiling entry function 'big' for 'sm_90'
            ptxas info    : Function properties for big
                8 bytes stack frame, 12 bytes spill stores, 16 bytes spill loads
            ptxas info    : Used 255 registers, 49152 bytes smem, 380 bytes cmem[0]
            """);
        Assert.Equal(("big", 90, 255, 8, 12, 16, 49152), rows.Single());
        var r = new KernelResources("big", 90, 255, 8, 12, 16, 49152, []);
        Assert.True(r.Spills);
        Assert.Equal(256L * 256, r.GroupRegisters(256));
    }

    [Fact]
    public void SplitPlansReachTwiceTheSmsWhereTheDepthAllows()
    {
        // A weight gradient: 2 x 2 output tiles, K = 256 per image summed over 32 images (512 steps of 16).
        var s = new GemmShape(128, 128, 256, 256, 128, 128, 0, 1, 0, 0, 0, 128 * 256, 256 * 128, 0, 1f, 0f, 32, 1, 1);
        int splits = GemmGpu.PlanSplits(s);
        Assert.True(4L * splits >= GemmGpu.TargetGroups, $"{splits} splits");
        Assert.True((long)(splits - 1) * ((s.Steps + splits - 1) / splits) < s.Steps, "an empty slice");
        // Already enough tiles: no split. Too shallow: as split as it can be.
        Assert.Equal(1, GemmGpu.PlanSplits(s with { M = 2048, N = 2048, SumBatch = 0, Batch = 1 }));
        var shallow = s with { K = 16, Batch = 1, SumBatch = 0 };
        Assert.Equal(1, GemmGpu.PlanSplits(shallow));
        Assert.False(GemmGpu.CanSplitFurther(shallow with { Splits = 1 }));
    }
}
