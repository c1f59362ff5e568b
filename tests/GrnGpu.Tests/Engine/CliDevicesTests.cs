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

    [Theory]
    [InlineData("cpu")]
    [InlineData("cuda")]
    public void SelfTestOnAKernelDevicePasses(string kind)
    {
        TestDevices.Get(kind);
        var r = CliRunner.Run("devices", "--selftest", "--device", kind);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("GFLOP/s", r.Stdout);
        Assert.Equal("4 passed, 0 failed", r.Stdout.TrimEnd().Split('\n')[^1].Trim());
    }

    [Fact]
    public void DevicesShowsTheCpuVectorWidthThreadsAndMeasuredPeak()
    {
        var r = CliRunner.Run("devices", "--threads", "1");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var line = r.Stdout.Split('\n').Single(l => l.StartsWith("cpu: ", StringComparison.Ordinal));
        var m = System.Text.RegularExpressions.Regex.Match(line,
            @"^cpu: (\d+)-float vectors \(.*\), 1 thread\(s\) of \d+ core\(s\); measured FMA peak (\d+) GFLOP/s, copy bandwidth [\d.]+ GB/s$");
        Assert.True(m.Success, line);
        Assert.Contains(int.Parse(m.Groups[1].Value), new[] { 4, 8, 16 });
        Assert.True(int.Parse(m.Groups[2].Value) > 0, line);
        Assert.Matches(@"--device auto picks: (cpu|cuda:\d+|opencl:\d+) ", r.Stdout);
    }

    [Fact]
    public void ThreadCountsAreCheckedAndOversubscriptionIsSaidOnce()
    {
        var zero = CliRunner.Run("gradcheck", "--device", "cpu", "--op", "relu", "--threads", "0");
        Assert.Equal(2, zero.ExitCode);
        Assert.Equal("grn: error: --threads must be at least 1, got 0", zero.Stderr.Trim());
        var negative = CliRunner.Run("gradcheck", "--device", "cpu", "--op", "relu", "--threads", "-3");
        Assert.Equal(2, negative.ExitCode);
        Assert.Equal("grn: error: --threads must be at least 1, got -3", negative.Stderr.Trim());
        int more = Environment.ProcessorCount + 2;
        var many = CliRunner.Run("gradcheck", "--device", "cpu", "--op", "relu", "--threads", more.ToString());
        Assert.True(many.ExitCode == 0, many.Stdout + many.Stderr);
        var note = Assert.Single(many.Stderr.Trim().Split('\n'));
        Assert.Equal($"grn: note: --threads {more} is more than the {Environment.ProcessorCount} cores this process may use; threads will share cores", note);
    }

    [Theory]
    [InlineData("bogus", "unknown device 'bogus'")]
    [InlineData("cuda:42", "cuda:42")]
    public void ABadDeviceGivesOneLineAndANonZeroExit(string device, string expected)
    {
        var r = CliRunner.Run("devices", "--selftest", "--device", device);
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
    }
}

public class CliGradCheckTests
{
    [Fact]
    public void GradCheckOfOneOpOnIlgpuCpuEndsWithTheCountLine()
    {
        var r = CliRunner.Run("gradcheck", "--device", "ilgpu-cpu", "--op", MaxPoolOp.Name);
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
