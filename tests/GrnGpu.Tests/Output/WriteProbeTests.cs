using System.Diagnostics;
using GrnGpu.Models.Data.Output;
using Xunit;

namespace GrnGpu.Tests.Output;

/// <summary>
/// The write probe of a run killed in the instant it existed (FaultInjectionTests met one under load) is removed by the
/// next probe in that folder; a running process's probe is left alone, and the probe leaves nothing of its own.
/// </summary>
public class WriteProbeTests
{
    [Fact]
    public void ADeadRunsProbeIsRemovedAndALiveOnesIsKept()
    {
        using var temp = new TempFolder();
        string folder = temp.File("out");
        Directory.CreateDirectory(folder);

        int dead;
        using (var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            exited.WaitForExit();
            dead = exited.Id;
        }
        using var alive = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            string deadProbe = Path.Combine(folder, $".grn-write-probe-{dead}"), liveProbe = Path.Combine(folder, $".grn-write-probe-{alive.Id}");
            File.WriteAllText(deadProbe, "");
            File.WriteAllText(liveProbe, "");

            WriteProbe.Touch(folder);

            Assert.Equal([Path.GetFileName(liveProbe)], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
        }
        finally
        {
            alive.Kill();
            alive.WaitForExit();
        }
    }

    [Fact]
    public void AFolderThatIsNotThereIsRefusedByTheProbe()
    {
        using var temp = new TempFolder();
        Assert.ThrowsAny<IOException>(() => WriteProbe.Touch(temp.File("missing")));
    }
}
