using System.Diagnostics;
using Xunit;

namespace GrnGpu.Tests.Output;

/// <summary>
/// A full disk, made real with a small tmpfs mounted for the test (needs root; skipped with the reason elsewhere
/// unless GRN_REQUIRE_TMPFS=1, which CI sets): the build is refused up front when its estimate does not fit, and
/// when the disk fills up anyway (the estimate overridden) it stops with one line; the old set stays whole and no
/// staging file is left.
/// </summary>
public sealed class FullDiskTests(OutputSetFixture data) : IClassFixture<OutputSetFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public void FullDiskLeavesTheOldSetAndOneLine()
    {
        string mount = Path.Combine(data.Root, "tmpfs");
        Directory.CreateDirectory(mount);
        string? failure = Mount(mount, "6m");
        Requirements.Need(failure == null, "GRN_REQUIRE_TMPFS", $"cannot mount a 6 MB tmpfs for the full-disk test ({failure})");
        try
        {
            string outDir = Path.Combine(mount, "D");
            data.BuildOld(outDir);

            // 1. The estimate (about 30 MB of image pairs) does not fit: refused before anything is computed or written.
            var refused = CliRunner.Run(data.NewArgs(outDir));
            Assert.Equal(2, refused.ExitCode);
            var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Matches(@"needs about [0-9.]+ MB, but only [0-9.]+ (MB|KB) is free there", line);
            AssertOldSetAlone(mount, outDir);

            // 2. The disk fills up during the write (free space claimed by the test hook): one line, old set intact.
            using var grn = new GrnProcess(new Dictionary<string, string> { ["GRN_TEST_FREE_BYTES"] = "100000000000" }, data.NewArgs(outDir));
            Assert.Equal(2, grn.WaitForExit(Patience));
            var full = Assert.Single(grn.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("grn: error: the disk is full", full);
            Assert.Contains("nothing was replaced", full);
            AssertOldSetAlone(mount, outDir);
        }
        finally
        {
            Run("umount", mount);
        }
    }

    private static void AssertOldSetAlone(string mount, string outDir)
    {
        Assert.Equal(OutputSetFixture.OldBins, FaultInjectionTests.WholeSetBins(outDir));
        Assert.Equal([".D.lock", "D"], Directory.EnumerateFileSystemEntries(mount).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>Mounts a tmpfs of <paramref name="size"/>; null on success, else why not.</summary>
    private static string? Mount(string path, string size)
    {
        if (!OperatingSystem.IsLinux()) return "not Linux";
        try
        {
            var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
            return code == 0 ? null : $"mount exited {code}: {output.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"no mount command: {e.Message}";
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
