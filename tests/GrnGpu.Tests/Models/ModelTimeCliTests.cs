using Xunit;

namespace GrnGpu.Tests.Models;

public class ModelTimeCliTests
{
    [Fact]
    public void TimesAFullSizeStepOnOpenCl()
    {
        TestDevices.Get("opencl");
        var r = CliRunner.Run("model", "time", "rna", "--device", "opencl", "--repeat", "1");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Matches(@"^rna on opencl:\d+, batch 2, median of 1: forward [\d.]+ ms, backward [\d.]+ ms, inference [\d.]+ ms$", r.Stdout.Trim());
    }

    [Fact]
    public void ABadBatchIsOneLine()
    {
        var r = CliRunner.Run("model", "time", "rna", "--device", "cpu-ref", "--batch", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("grn: error: --batch and --repeat must be at least 1.", r.Stderr.Trim());
    }
}
