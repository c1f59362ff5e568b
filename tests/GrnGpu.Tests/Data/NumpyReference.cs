using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace GrnGpu.Tests.Data;

/// <summary>Runs tests/GrnGpu.Tests/Data/numpy_histogram_check.py with the system Python's numpy.</summary>
public static partial class NumpyReference
{
    public const string Python = "/usr/bin/python3";

    public static void Require()
    {
        bool present = File.Exists(Python) && Run(["-c", "import numpy"], out _) == 0;
        Requirements.Need(present, "GRN_REQUIRE_NUMPY", $"{Python} with numpy is not installed");
    }

    /// <summary>Runs the check script; returns the max abs difference it measured (fails the test if the script fails).</summary>
    public static double Check(int bins, string xPath, string? yPath, string pairsCsv, params string[] expressionCsvs)
    {
        string script = Path.Combine(Requirements.RepoRoot(), "tests", "GrnGpu.Tests", "Data", "numpy_histogram_check.py");
        string[] args = [script, bins.ToString(CultureInfo.InvariantCulture), xPath, yPath ?? "-", pairsCsv, .. expressionCsvs];
        int code = Run(args, out string output);
        var match = DiffPattern().Match(output);
        Assert.True(match.Success, $"numpy check printed no result (exit {code}):\n{output}");
        double diff = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(code == 0, $"numpy check failed (exit {code}), max abs diff {diff}:\n{output}");
        return diff;
    }

    private static int Run(string[] args, out string output)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        output += stderr.Result;
        return process.ExitCode;
    }

    [GeneratedRegex(@"max_abs_diff=(\S+)")]
    private static partial Regex DiffPattern();
}
