using Xunit;

namespace GrnGpu.Tests.Cli;

/// <summary>
/// A mistyped command line is one line per mistake, naming the option or command and what was expected, with the
/// command whose --help lists the choices; never a .NET type name, never the whole help text; exit code 2.
/// </summary>
public class ParseErrorTests
{
    [Theory]
    [InlineData(new[] { "train", "--batch", "abc" }, "grn: error: --batch: 'abc' is not a whole number (see 'grn train --help')")]
    [InlineData(new[] { "bench", "--threads", "abc" }, "grn: error: --threads: 'abc' is not a whole number (see 'grn bench --help')")]
    [InlineData(new[] { "train", "--lr", "x" }, "grn: error: --lr: 'x' is not a number (see 'grn train --help')")]
    [InlineData(new[] { "train", "--bogus" }, "grn: error: unknown option --bogus (see 'grn train --help')")]
    [InlineData(new[] { "cv", "--model" }, "grn: error: --model needs a value (see 'grn cv --help')")]
    [InlineData(new[] { "kernels" }, "grn: error: 'grn kernels' needs a command: one of audit, ptx (see 'grn kernels --help')")]
    [InlineData(new[] { "kernels", "audi" }, "grn: error: unknown command 'audi' for 'grn kernels': expected one of audit, ptx")]
    public void AMistakeIsOneLine(string[] args, string expected)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(expected, r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void AnUnknownCommandListsTheCommands()
    {
        var r = CliRunner.Run("frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("grn: error: unknown command 'frobnicate' for 'grn': expected one of ", r.Stderr);
        foreach (var command in new[] { "train", "cv", "predict", "demo", "bench" }) Assert.Contains(command, r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void BareGrnShowsTheCommands()
    {
        var r = CliRunner.Run();
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Stdout);
        Assert.Contains("train", r.Stdout);
    }
}
