using System.Diagnostics;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Sets;
using GrnGpu.Models.Data.Output;
using Xunit;

namespace GrnGpu.Tests.Output;

/// <summary>
/// kill -9 of a real `grn dataset build` at many points of its run: named points in the write path (the process
/// pauses there via GRN_TEST_PAUSE_AT and is then killed from outside) and points spread over its wall time. After
/// every kill the output folder holds the old set or the new one, whole (manifest verified, hashes included), or
/// nothing when there was no old set; after the next run no staging or temporary file is left.
/// </summary>
public sealed class FaultInjectionTests(OutputSetFixture data) : IClassFixture<OutputSetFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Points before which the old set must still be in place, and from which the new one must be.</summary>
    private static readonly string[] BeforeSwap =
    [
        "locked", "staging-created", "pairs-loaded", "images-paired", "x-row@1", "x-row@5", "x-written", "y-written", "image-row@1", "image-row@25", "images-written",
        "pairs-written", "before-manifest", "manifest-written", "validated",
    ];

    private static readonly string[] AfterSwap = ["swapped", "old-removed"];

    public static TheoryData<string, bool> NamedPoints()
    {
        var cases = new TheoryData<string, bool>();
        foreach (var p in BeforeSwap.Concat(AfterSwap)) cases.Add(p, true);
        foreach (var p in new[] { "staging-created", "x-row@3", "image-row@10", "manifest-written", "swapped" }) cases.Add(p, false);
        return cases;
    }

    [Theory]
    [MemberData(nameof(NamedPoints))]
    public void KillAtNamedPointLeavesOldOrNewWholeSet(string point, bool withOldSet)
    {
        string caseDir = Path.Combine(data.Root, $"named-{point.Replace('@', '-')}-{(withOldSet ? "old" : "none")}");
        string outDir = Path.Combine(caseDir, "D");
        Directory.CreateDirectory(caseDir);
        if (withOldSet) data.BuildOld(outDir);

        using (var grn = new GrnProcess(new Dictionary<string, string> { [FaultPoint.Variable] = point }, data.NewArgs(outDir)))
        {
            Assert.True(grn.WaitForStderr("grn-fault-point: " + point, Patience), $"never reached {point}: {grn.Stderr}");
            grn.Kill9();
        }

        bool swapped = AfterSwap.Contains(point);
        int? bins = WholeSetBins(outDir);
        if (swapped) Assert.Equal(OutputSetFixture.NewBins, bins);
        else Assert.Equal(withOldSet ? OutputSetFixture.OldBins : null, bins);
        NextRunLeavesNoLeftovers(caseDir, outDir);
    }

    /// <summary>
    /// File systems without RENAME_EXCHANGE swap with two renames: killed between them the folder is briefly absent,
    /// readers say why, and the next run restores the previous set before anything else.
    /// </summary>
    [Theory]
    [InlineData("moved-old-aside")]
    [InlineData("swapped")]
    [InlineData("old-removed")]
    public void KillDuringTheTwoRenameFallbackIsRepairedByTheNextRun(string point)
    {
        string caseDir = Path.Combine(data.Root, $"fallback-{point}");
        string outDir = Path.Combine(caseDir, "D");
        Directory.CreateDirectory(caseDir);
        data.BuildOld(outDir);
        using (var grn = new GrnProcess(new Dictionary<string, string> { [FaultPoint.Variable] = point, ["GRN_TEST_NO_EXCHANGE"] = "1" }, data.NewArgs(outDir)))
        {
            Assert.True(grn.WaitForStderr("grn-fault-point: " + point, Patience), $"never reached {point}: {grn.Stderr}");
            grn.Kill9();
        }
        if (point == "moved-old-aside")
        {
            Assert.False(Directory.Exists(outDir));
            Assert.Contains("the next run writing this folder restores it", Assert.Throws<GrnDataException>(() => DatasetBuilder.RequireWhole(outDir)).Message);
            using (OutputFolder.Begin(outDir, new OutputRequest(DatasetBuilder.Kind, "test"))) { } // a run that stops at once
            Assert.Equal(OutputSetFixture.OldBins, WholeSetBins(outDir));
        }
        else Assert.Equal(OutputSetFixture.NewBins, WholeSetBins(outDir));
        NextRunLeavesNoLeftovers(caseDir, outDir);
    }

    public static TheoryData<double> Fractions() => new(0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95);

    [Theory]
    [MemberData(nameof(Fractions))]
    public void KillAtAnyMomentLeavesOldOrNewWholeSet(double fraction)
    {
        var full = FullRunTime();
        string caseDir = Path.Combine(data.Root, $"timed-{fraction:F2}");
        string outDir = Path.Combine(caseDir, "D");
        Directory.CreateDirectory(caseDir);
        data.BuildOld(outDir);

        using (var grn = new GrnProcess(null, data.NewArgs(outDir)))
        {
            Thread.Sleep(full * fraction);
            grn.Kill9();
        }
        int? bins = WholeSetBins(outDir);
        Assert.True(bins is OutputSetFixture.OldBins or OutputSetFixture.NewBins, $"after a kill at {fraction:P0} of the run the folder holds bins {bins}");
        NextRunLeavesNoLeftovers(caseDir, outDir);
    }

    private static TimeSpan? _fullRun;

    /// <summary>Wall time of one uninterrupted new build (process start included), measured once.</summary>
    private TimeSpan FullRunTime()
    {
        if (_fullRun is { } known) return known;
        string outDir = Path.Combine(data.Root, "timing", "D");
        Directory.CreateDirectory(Path.GetDirectoryName(outDir)!);
        var clock = Stopwatch.StartNew();
        using var grn = new GrnProcess(null, data.NewArgs(outDir));
        Assert.Equal(0, grn.WaitForExit(Patience));
        _fullRun = clock.Elapsed;
        Assert.Equal(OutputSetFixture.NewBins, WholeSetBins(outDir));
        return clock.Elapsed;
    }

    /// <summary>The bins of the whole set in <paramref name="outDir"/> (every hash checked), or null when there is no folder.</summary>
    internal static int? WholeSetBins(string outDir)
    {
        if (!Directory.Exists(outDir)) return null;
        var manifest = DatasetBuilder.RequireWhole(outDir);
        // The manifest's claims hold for the arrays themselves.
        var x = NpyReader.Read(Path.Combine(outDir, DatasetBuilder.XFile));
        Assert.Equal(manifest.Integer("pairs"), x.Shape[0]);
        Assert.Equal(manifest.Integer("bins"), x.Shape[2]);
        Assert.Equal(manifest.Properties.ContainsKey("imagePairs"), File.Exists(Path.Combine(outDir, ImageDatasetWriter.ImagesFile)));
        return (int?)manifest.Integer("bins");
    }

    /// <summary>Runs the next build (in process) and checks that only the set and its lock file remain.</summary>
    private void NextRunLeavesNoLeftovers(string caseDir, string outDir)
    {
        data.BuildOld(outDir);
        Assert.Equal(OutputSetFixture.OldBins, WholeSetBins(outDir));
        var left = Directory.EnumerateFileSystemEntries(caseDir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([".D.lock", "D"], left);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir, ".*", SearchOption.AllDirectories));
    }
}
