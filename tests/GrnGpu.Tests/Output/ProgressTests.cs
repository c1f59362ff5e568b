using System.Diagnostics;
using GrnGpu.Tests.Data;
using Xunit;

namespace GrnGpu.Tests.Output;

/// <summary>Progress bars appear on a terminal and never in redirected output (logs, CI, these tests).</summary>
public sealed class ProgressTests
{
    [Fact]
    public void RedirectedOutputHasNoBarsOrControlCodes()
    {
        using var dir = new TempFolder();
        var r = CliRunner.Run(["synth", "--out", dir.File("s"), "--tfs", "2", "--targets", "3", "--images-per-gene", "1"]);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain('\u001b', r.Stdout + r.Stderr);
        Assert.DoesNotContain("images painted", r.Stdout + r.Stderr);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void ATerminalShowsBars()
    {
        if (!File.Exists("/usr/bin/script")) Assert.Skip("no /usr/bin/script (util-linux) to give grn a pseudo-terminal");
        using var dir = new TempFolder();
        string grn = Path.Combine(AppContext.BaseDirectory, "grn.dll");
        var psi = new ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-qec", $"dotnet '{grn}' synth --out '{dir.File("s")}' --tfs 2 --targets 3 --images-per-gene 1", "/dev/null" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("images painted", output);
        Assert.Contains("100%", output);
    }
}
