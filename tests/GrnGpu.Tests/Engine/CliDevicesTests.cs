using GrnGpu.Engine.Ops.MaxPool;
using Xunit;

namespace GrnGpu.Tests.Engine;

public class CliDevicesTests
{
    [Fact]
    public void SelfTestOnTheReferenceDeviceEndsWithTheCountLine()
    {
        var r = CliRunner.Run("devices", "--selftest", "--device", "cpu-ref");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("cpu-ref", r.Stdout);
        Assert.Equal("4 passed, 0 failed", r.Stdout.TrimEnd().Split('\n')[^1].Trim());
    }

    [Fact]
    public void SelfTestOnOpenClPasses()
    {
        TestDevices.Get("opencl");
        var r = CliRunner.Run("devices", "--selftest", "--device", "opencl");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("GFLOP/s", r.Stdout);
        Assert.Equal("4 passed, 0 failed", r.Stdout.TrimEnd().Split('\n')[^1].Trim());
    }

    [Theory]
    [InlineData("bogus", "unknown device 'bogus'")]
    [InlineData("opencl:42", "does not exist")]
    public void ABadDeviceGivesOneLineAndANonZeroExit(string device, string expected)
    {
        var r = CliRunner.Run("devices", "--selftest", "--device", device);
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void AKernelThatDoesNotCompileFailsTheCheckWithOneLine()
    {
        TestDevices.Get("opencl");
        string file = Path.Combine(Path.GetTempPath(), $"bad_{Guid.NewGuid():N}.c");
        File.WriteAllText(file, "KERNEL void k(GLOBAL float* x) { x[0] = undefined_thing; }\n");
        try
        {
            var r = CliRunner.Run("kernels", "check", "--device", "opencl", "--file", file);
            Assert.Equal(1, r.ExitCode);
            var fail = r.Stdout.Split('\n').Single(l => l.StartsWith("FAIL"));
            Assert.Contains(Path.GetFileName(file), fail);
            Assert.Contains("undefined_thing", fail);
            Assert.Contains("0 passed, 1 failed", r.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

public class CliGradCheckTests
{
    [Fact]
    public void GradCheckOfOneOpOnOpenClEndsWithTheCountLine()
    {
        TestDevices.Get("opencl");
        var r = CliRunner.Run("gradcheck", "--device", "opencl", "--op", MaxPoolOp.Name);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var last = r.Stdout.TrimEnd().Split('\n')[^1].Trim();
        Assert.Matches(@"^[1-9]\d* passed, 0 failed$", last);
        Assert.All(r.Stdout.Split('\n').Where(l => l.StartsWith(MaxPoolOp.Name)), l => Assert.EndsWith("pass", l.Trim()));
    }

    [Fact]
    public void TheOpOptionsHelpListsEveryOpName()
    {
        var r = CliRunner.Run("gradcheck", "--help");
        Assert.Equal(0, r.ExitCode);
        string help = string.Join(" ", r.Stdout.Split('\n').Select(l => l.Trim()));
        foreach (var name in GrnGpu.Tests.Ops.OpCheckTests.OpNames())
            Assert.Matches($@"\b{name}\b", help);
        Assert.DoesNotContain("batchnorm", help);
    }

    [Fact]
    public void AnUnknownOpIsAOneLineError()
    {
        var r = CliRunner.Run("gradcheck", "--device", "cpu-ref", "--op", "no-such-op");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no op matches 'no-such-op'", r.Stderr);
    }
}
