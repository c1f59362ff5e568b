using GrnGpu.Models.Data.Output;
using Xunit;

namespace GrnGpu.Tests.Output;

/// <summary>Two writers of one output folder: one succeeds, the other is refused at once with one line naming the holder.</summary>
public sealed class ConcurrentWriterTests(OutputSetFixture data) : IClassFixture<OutputSetFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public void SecondWriterIsRefusedWhileTheFirstHoldsTheFolder()
    {
        string caseDir = Path.Combine(data.Root, "concurrent");
        string outDir = Path.Combine(caseDir, "D");
        Directory.CreateDirectory(caseDir);
        data.BuildOld(outDir);
        string resume = Path.Combine(data.Root, "concurrent.resume");
        var env = new Dictionary<string, string> { [FaultPoint.Variable] = "x-row@2", ["GRN_TEST_RESUME_FILE"] = resume };
        using var first = new GrnProcess(env, data.NewArgs(outDir));
        Assert.True(first.WaitForStderr("grn-fault-point:", Patience), first.Stderr);

        // The case: a histogram-only build into the folder an image build is writing.
        var second = CliRunner.Run(["dataset", "build", "--expression", data.Source.ExpressionFiles[0], "--expression", data.Source.ExpressionFiles[1],
            "--pairs", data.Source.PairsFile, "--bins", "8", "--out", outDir]);
        Assert.Equal(2, second.ExitCode);
        var line = Assert.Single(second.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("another grn run is writing this output folder", line);
        Assert.Contains($"pid {first.Id}", line);
        Assert.Contains("dataset build", line);
        Assert.Equal(OutputSetFixture.OldBins, FaultInjectionTests.WholeSetBins(outDir));

        File.WriteAllText(resume, "");
        Assert.Equal(0, first.WaitForExit(Patience));
        Assert.Equal(OutputSetFixture.NewBins, FaultInjectionTests.WholeSetBins(outDir));
        Assert.Equal([".D.lock", "D"], Directory.EnumerateFileSystemEntries(caseDir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void TwoWritersStartedTogetherNeverMixTheirSets()
    {
        string caseDir = Path.Combine(data.Root, "race");
        string outDir = Path.Combine(caseDir, "D");
        Directory.CreateDirectory(caseDir);
        for (int round = 0; round < 3; round++)
        {
            using var a = new GrnProcess(null, data.NewArgs(outDir));
            using var b = new GrnProcess(null, ["dataset", "build", "--expression", data.Source.ExpressionFiles[0], "--expression", data.Source.ExpressionFiles[1],
                "--pairs", data.Source.PairsFile, "--bins", "8", "--out", outDir]);
            int ea = a.WaitForExit(Patience), eb = b.WaitForExit(Patience);
            Assert.Contains(0, new[] { ea, eb });
            foreach (var (code, p) in new[] { (ea, a), (eb, b) })
                if (code != 0)
                {
                    Assert.Equal(2, code);
                    Assert.Contains("another grn run is writing this output folder", p.Stderr);
                }
            Assert.NotNull(FaultInjectionTests.WholeSetBins(outDir));
        }
    }
}
