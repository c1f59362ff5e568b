using System.Diagnostics;

namespace GrnGpu.Tests;

/// <summary>Runs the built `grn` (grn.dll beside the test binaries) as a separate process, as a user would.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunWith(null, args);

    /// <summary>As <see cref="Run"/>, with variables added to (or replacing) the environment grn inherits.</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunProgram("dotnet", [Path.Combine(AppContext.BaseDirectory, "grn.dll"), .. args], environment, TimeSpan.FromMinutes(5));

    /// <summary>Any program (a script that calls grn, say) with its output captured; killed with its children after <paramref name="limit"/>.</summary>
    public static Result RunProgram(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, TimeSpan limit)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran over {limit.TotalMinutes:0} minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
