using GrnGpu.Models.Data.Images;
using GrnGpu.Engine;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Sets;
using GrnGpu.Models.Data.Output;
using GrnGpu.Tests.Data;
using Xunit;
using GrnGpu.Models.Data.Synthetic;

namespace GrnGpu.Tests.Output;

/// <summary>The output-set mechanism on its own: legacy sets, leftovers of dead runs, nested sets, the lock.</summary>
public sealed class OutputFolderTests(OutputSetFixture data) : IClassFixture<OutputSetFixture>
{
    [Fact]
    public void ALegacySetIsReplacedWholeWithItsTemporaryFiles()
    {
        // Issue 13 items 1 and 2: an image build's images.npy and a killed build's .X.npy.*.tmp must not survive a histogram build.
        using var dir = new TempFolder();
        string outDir = dir.File("D");
        Directory.CreateDirectory(outDir);
        foreach (var name in new[] { "X.npy", "y.npy", "pairs.tsv", "images.npy", "image_gene_pairs.npy", "image_pairs.tsv", ".X.npy.0123abcd.tmp", ".images.npy.4567.tmp" })
            File.WriteAllText(Path.Combine(outDir, name), "old");
        data.BuildOld(outDir);
        Assert.Equal(["X.npy", "manifest.json", "pairs.tsv", "y.npy"], Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(OutputSetFixture.OldBins, FaultInjectionTests.WholeSetBins(outDir));
    }

    [Fact]
    public void LeftoversOfDeadRunsAreRemovedAndAMovedAsideSetIsRestored()
    {
        using var dir = new TempFolder();
        string outDir = dir.File("D");
        data.BuildOld(outDir);
        string manifest = File.ReadAllText(Path.Combine(outDir, Manifest.FileName));
        // A run killed between the two renames of the fallback swap: the old set moved aside, no target.
        Directory.Move(outDir, dir.File(".D.old-4242-abc"));
        Directory.CreateDirectory(dir.File(".D.staging-4243-def"));
        File.WriteAllText(Path.Combine(dir.File(".D.staging-4243-def"), "X.npy"), "half");
        using (var output = OutputFolder.Begin(outDir, new OutputRequest(DatasetBuilder.Kind, "test")))
        {
            Assert.Equal(manifest, File.ReadAllText(Path.Combine(outDir, Manifest.FileName))); // restored before anything else
            // Not committed: disposing abandons the new set.
        }
        Assert.Equal([".D.lock", "D"], Directory.EnumerateFileSystemEntries(dir.Path).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(OutputSetFixture.OldBins, FaultInjectionTests.WholeSetBins(outDir));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir.Path), p => Path.GetFileName(p).Contains(".D.old-") || Path.GetFileName(p).Contains(".D.staging-"));
    }

    [Fact]
    public void ASetHoldingAnotherSetIsNotReplacedAndStillVerifies()
    {
        using var dir = new TempFolder();
        string outer = dir.File("outer");
        using (var output = OutputFolder.Begin(outer, new OutputRequest("synth", "test")))
        {
            output.WriteText("a.txt", "a");
            output.Commit();
        }
        data.BuildOld(Path.Combine(outer, "dataset"));
        Manifest.Verify(outer, "synth"); // the nested set is its own business
        var e = Assert.Throws<GrnException>(() => OutputFolder.Begin(outer, new OutputRequest("synth", "test")));
        Assert.Contains("besides its 'synth' set the folder holds dataset, which replacing the set would delete", e.Message);
        Assert.True(File.Exists(Path.Combine(outer, "dataset", "X.npy")));
    }

    [Fact]
    public void TheLockRefusesASecondWriterInTheSameProcessToo()
    {
        using var dir = new TempFolder();
        string outDir = dir.File("D");
        using var first = OutputFolder.Begin(outDir, new OutputRequest(DatasetBuilder.Kind, "grn first"));
        var e = Assert.Throws<GrnException>(() => OutputFolder.Begin(outDir, new OutputRequest(DatasetBuilder.Kind, "grn second")));
        Assert.Contains($"another grn run is writing this output folder (pid {Environment.ProcessId}, started ", e.Message);
        Assert.Contains(": grn first)", e.Message);
        first.Dispose();
        using var third = OutputFolder.Begin(outDir, new OutputRequest(DatasetBuilder.Kind, "grn third")); // free again
    }

    [Fact]
    public void ARunThatThrowsLeavesNothingBehind()
    {
        using var dir = new TempFolder();
        string outDir = dir.File("D");
        void Run()
        {
            using var output = OutputFolder.Begin(outDir, new OutputRequest(DatasetBuilder.Kind, "test"));
            output.WriteText("X.npy", "partial");
            throw new InvalidOperationException("boom");
        }
        Assert.Throws<InvalidOperationException>(Run);
        Assert.Equal([".D.lock"], Directory.EnumerateFileSystemEntries(dir.Path).Select(p => Path.GetFileName(p)!).ToArray());
    }
}

public sealed class DatasetVerifyCommandTests(OutputSetFixture data) : IClassFixture<OutputSetFixture>
{
    [Fact]
    public void VerifySaysWholeOrNamesTheProblem()
    {
        using var dir = new TempFolder();
        string outDir = dir.File("D");
        data.BuildOld(outDir);
        var ok = CliRunner.Run(["dataset", "verify", outDir]);
        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith($"{outDir}: whole data set of ", ok.Stdout);
        using (var f = new FileStream(Path.Combine(outDir, "X.npy"), FileMode.Open)) { f.Position = 200; f.WriteByte(7); }
        var bad = CliRunner.Run(["dataset", "verify", outDir]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"grn: error: {outDir}: not a whole output set: X.npy was changed after the set was written (SHA-256 differs from its manifest); rebuild the set",
            bad.Stderr.Trim());
    }
}

public sealed class SynthOutputTests
{
    [Fact]
    public void SynthIsRefusedUpFrontWhenItWillNotFit()
    {
        using var dir = new TempFolder();
        string outDir = dir.File("s");
        using var grn = new GrnProcess(new Dictionary<string, string> { ["GRN_TEST_FREE_BYTES"] = "300000" }, "synth", "--out", outDir);
        Assert.Equal(2, grn.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Matches(@"^grn: error: .*/s: the synthetic data set \(images and tables\) needs about [0-9.]+ MB, but only 293\.0 KB is free there; free some space, choose another output folder, or make the output smaller$",
            grn.Stderr.Trim());
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void SynthWritesAWholeSet()
    {
        using var dir = new TempFolder();
        string outDir = dir.File("s");
        Assert.Equal(0, CliRunner.Run(["synth", "--out", outDir, "--tfs", "2", "--targets", "3", "--images-per-gene", "1"]).ExitCode);
        var manifest = Manifest.Verify(outDir, SyntheticDataGenerator.Kind);
        Assert.Equal(2, manifest.Integer("tfs"));
        Assert.Equal(15, manifest.Files.Count(f => f.Name.StartsWith("images/", StringComparison.Ordinal)));
        var again = CliRunner.Run(["synth", "--out", outDir, "--tfs", "2", "--targets", "3"]);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"grn: error: {outDir}: already holds a 'synth' set; pass --force to replace it, or choose another --out", again.Stderr.Trim());
    }
}

public sealed class AdoptStagingTests
{
    [Fact]
    public void AResumingRunTakesOverTheStagingFolderOfADeadRun()
    {
        using var dir = new TempFolder();
        string run = dir.File("run");
        // A dead run's staging folder holding a checkpoint (what a killed training leaves).
        string dead = dir.File(".run.staging-999999-0123456789abcdef");
        Directory.CreateDirectory(dead);
        File.WriteAllText(Path.Combine(dead, "epoch.txt"), "7");
        using (var output = OutputFolder.Begin(run, new OutputRequest("train", "test") { AdoptStaging = true }))
        {
            Assert.True(output.Adopted);
            Assert.Equal("7", File.ReadAllText(output.PathOf("epoch.txt")));
            output.WriteText("epoch.txt", "8");
            output.Commit();
        }
        Assert.Equal("8", File.ReadAllText(Path.Combine(run, "epoch.txt")));
        Assert.Equal([".run.lock", "run"], Directory.EnumerateFileSystemEntries(dir.Path).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray());
        // Without AdoptStaging a dead run's staging folder is deleted.
        Directory.CreateDirectory(dead);
        using (var fresh = OutputFolder.Begin(run, new OutputRequest("train", "test")))
        {
            Assert.False(fresh.Adopted);
            Assert.Empty(Directory.EnumerateFileSystemEntries(fresh.Staging));
        }
        Assert.False(Directory.Exists(dead));
    }
}
