using System.Globalization;
using System.Text.Json;
using Xunit;

namespace GrnGpu.Tests.Models;

/// <summary>`grn profile` and `grn bench` on the cpu device (and profile on a CUDA GPU where there is one), at batch 2 to stay quick.</summary>
public class ProfileBenchCliTests
{
    [Theory]
    [InlineData("cpu", "conv2d_forward", "adam")]
    [InlineData("cuda", "conv2d_forward", "adam")]
    public void ProfileBreaksAStepDownByKernelWithinTheWallTime(string device, string product, string adam)
    {
        TestDevices.Get(device);
        var r = CliRunner.Run("profile", "--model", "rna", "--device", device, "--batch", "2", "--steps", "2");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var lines = r.Stdout.Trim().Split('\n');
        Assert.Matches(@"^rna training step \(forward, backward, Adam\) on (cpu|cuda:\d+) .*, batch 2, mean of 2 profiled step\(s\) after warm-up$", lines[0]);
        Assert.Matches(@"^streaming bandwidth \(copy kernel\): [\d.]+ GB/s; peak compute: ", lines[1]);
        Assert.Matches(@"^kernel +launches +ms +share +GFLOP/s +%peak +GB/s +%bw$", lines[2]);
        var rows = lines.Skip(3).TakeWhile(l => !l.StartsWith("kernels:", StringComparison.Ordinal)).ToList();
        Assert.Contains(rows, l => l.StartsWith(product + " ", StringComparison.Ordinal));
        Assert.Contains(rows, l => l.StartsWith(adam + " ", StringComparison.Ordinal));
        foreach (var row in rows) Assert.Matches(@"^\w+ +[\d.]+ +[\d.]+ +[\d.]+% +([\d.]+|-) +([\d.]+|-) +[\d.]+ +([\d.]+|-)$", row);
        var total = System.Text.RegularExpressions.Regex.Match(lines[3 + rows.Count],
            @"^kernels: ([\d.]+) ms in (\d+) launches; wall \(profiled\): ([\d.]+) ms; host overhead \(wall - kernels\): (-?[\d.]+) ms$");
        Assert.True(total.Success, lines[3 + rows.Count]);
        Assert.True(Num(total.Groups[1].Value) <= Num(total.Groups[3].Value), "kernel time exceeds the wall time");
        Assert.Matches(@"^wall without the profiler: [\d.]+ ms \([\d.]+ samples/s\)$", lines[4 + rows.Count]);
    }

    [Fact]
    public void ProfileJsonKernelTimesSumToAtMostTheWallTime()
    {
        var r = CliRunner.Run("profile", "--model", "rna", "--device", "cpu", "--batch", "2", "--json");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("rna", root.GetProperty("model").GetString());
        double wall = root.GetProperty("wallMs").GetDouble(), kernels = root.GetProperty("kernelMs").GetDouble();
        double sum = root.GetProperty("kernels").EnumerateArray().Sum(k => k.GetProperty("milliseconds").GetDouble());
        int launches = root.GetProperty("kernels").EnumerateArray().Sum(k => (int)k.GetProperty("launches").GetDouble());
        Assert.True(kernels > 0 && sum <= wall * (1 + 1e-9), $"kernels {sum} ms, wall {wall} ms");
        Assert.Equal(kernels, sum, 6);
        Assert.Equal(root.GetProperty("launchesPerStep").GetInt32(), launches);
        Assert.Equal(wall - kernels, root.GetProperty("hostOverheadMs").GetDouble(), 6);
        Assert.True(root.GetProperty("streamGBps").GetDouble() > 0);
    }

    [Fact]
    public void ProfileByShapeGivesEachConvolutionShapeItsRow()
    {
        var r = CliRunner.Run("profile", "--model", "rna", "--device", "cpu", "--batch", "2", "--json", "--by-shape");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var rows = doc.RootElement.GetProperty("kernels").EnumerateArray()
            .Select(k => (Name: k.GetProperty("kernel").GetString()!, Launches: k.GetProperty("launches").GetDouble(), Ms: k.GetProperty("milliseconds").GetDouble()))
            .ToList();
        // The RNA network's 14 convolutions (4 stages of 2, 3 ASPP branches, its 1x1 projection and pooled branch, the
        // branch-1 conv) forward: one row per shape, the three dilated ASPP branches apart.
        var forward = rows.Where(k => k.Name.StartsWith("conv2d_forward ", StringComparison.Ordinal)).ToList();
        Assert.Equal(14, forward.Sum(k => k.Launches));
        foreach (int d in new[] { 3, 6, 9 })
            Assert.Contains(forward, k => k.Name == $"conv2d_forward 128->128 on 16x16, 3x3 dilation {d}" && k.Launches == 1);
        Assert.Contains(forward, k => k.Name == "conv2d_forward 32->32 on 64x64, 3x3" && k.Launches == 1);
        // Products by M x N x K (the ASPP's 1x1 projection: its weight gradient sums one product per sample);
        // the other kernels keep one row each.
        Assert.DoesNotContain(rows, k => k.Name == "gemm");
        Assert.Contains(rows, k => k.Name == "gemm 128x128x256 NT, sum of 2" && k.Launches == 5);
        Assert.Single(rows, k => k.Name == "adam");
        Assert.Equal(doc.RootElement.GetProperty("kernelMs").GetDouble(), rows.Sum(k => k.Ms), 6);
    }

    [Fact]
    public void BenchPrintsThroughputAndMemoryPerModel()
    {
        var r = CliRunner.Run("bench", "--model", "rna", "--device", "cpu", "--batch", "2", "--steps", "1");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var lines = r.Stdout.Trim().Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.Matches(@"^rna train samples/s: [\d.]+$", lines[0]);
        Assert.Matches(@"^rna train step ms: [\d.]+ \(median of 1, batch 2, on cpu .*\)$", lines[1]);
        // The RNA network's products at 64 x 64: forward (0.85 GFLOP per sample), data and weight gradients, about 3 x that.
        var gflop = System.Text.RegularExpressions.Regex.Match(lines[2],
            @"^rna train GFLOP/s: [\d.]+ \(([\d.]+) GFLOP per sample, \d+% of the measured peak \d+ GFLOP/s\)$");
        Assert.True(gflop.Success, lines[2]);
        Assert.InRange(Num(gflop.Groups[1].Value), 2.2, 2.8);
        Assert.Matches(@"^rna inference samples/s: [\d.]+ \([\d.]+ ms per batch\)$", lines[3]);
        Assert.Matches(@"^rna peak device memory MB: \d+ \(buffer pool, \d+ in use at most\); peak resident MB so far: \d+$", lines[4]);
    }

    [Fact]
    public void SingleKernelBenchesRunOnTheCpuDevice()
    {
        var g = CliRunner.Run("bench", "gemm", "--device", "cpu", "--size", "67", "--repeat", "1");
        Assert.True(g.ExitCode == 0, g.Stdout + g.Stderr);
        var rows = g.Stdout.Trim().Split('\n');
        Assert.Matches(@"^gemm 67x67x67 on cpu .*\(FP32\), mean of 1 after a warm-up$", rows[0]);
        Assert.Equal(["NN", "NT", "TN"], rows.Skip(1).Select(r => r.Trim().Split(' ')[0]));
        var c = CliRunner.Run("bench", "conv", "--device", "cpu", "--batch", "2", "--channels", "8", "--height", "9", "--width", "7", "--repeat", "1");
        Assert.True(c.ExitCode == 0, c.Stdout + c.Stderr);
        Assert.Equal(["forward", "backward data", "backward weights"],
            c.Stdout.Trim().Split('\n').Skip(1).Select(r => System.Text.RegularExpressions.Regex.Match(r, @"^  (\D+?) +[\d.]+ ms").Groups[1].Value));
        var dilated = CliRunner.Run("bench", "conv", "--device", "cpu", "--batch", "1", "--channels", "5", "--height", "7", "--width", "9", "--dilation", "3", "--repeat", "1");
        Assert.True(dilated.ExitCode == 0, dilated.Stdout + dilated.Stderr);
        Assert.StartsWith("conv2d 3x3 dilation 3 5->5 on 7x9, batch 1, on cpu", dilated.Stdout);
        var reference = CliRunner.Run("bench", "gemm", "--device", "cpu-ref", "--size", "8");
        Assert.Equal("grn: error: bench needs a kernel device (cpu, cuda or opencl), not 'cpu-ref'", reference.Stderr.Trim());
    }

    [Fact]
    public void BadArgumentsAreOneLine()
    {
        var r = CliRunner.Run("profile", "--model", "rna", "--device", "cpu-ref");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("grn: error: profile needs a kernel device (cpu, cuda or opencl), not the reference", r.Stderr.Trim());
        r = CliRunner.Run("bench", "--model", "rna", "--device", "cpu-ref", "--steps", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("grn: error: --steps must be at least 1, got 0", r.Stderr.Trim());
        r = CliRunner.Run("profile", "--model", "resnet", "--device", "cpu");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("grn: error: unknown model 'resnet'", r.Stderr.Trim());
    }

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
