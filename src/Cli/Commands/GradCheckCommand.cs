using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.GradCheck;
using GrnGpu.Engine.Ops;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn gradcheck [--device D] [--op NAME]`: every op's forward and backward on a device against the
/// double-precision reference, one row per check, ending with `N passed, M failed`.
/// </summary>
public static class GradCheckCommand
{
    public static Command Build()
    {
        var device = CommonOptions.Device();
        var op = new Option<string?>("--op")
        {
            Description = $"Only the checks of ops whose name contains this; ops: {string.Join(", ", OpCheckCatalog.OpNames())}.",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the random inputs.", DefaultValueFactory = _ => 1 };
        var command = new Command("gradcheck", "Check every op's forward and backward on a device against the reference implementation.");
        command.Options.Add(device);
        command.Options.Add(op);
        command.Options.Add(seed);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var (passed, failed) = Run(CommonOptions.OpenDevice(parse, parse.GetValue(device)!), parse.GetValue(op), parse.GetValue(seed));
            Console.WriteLine($"{passed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        }));
        return command;
    }

    /// <summary>Runs and prints the checks of ops matching <paramref name="filter"/> on a device; returns the counts.</summary>
    internal static (int Passed, int Failed) Run(ComputeDevice target, string? filter, int seed)
    {
        var checks = OpCheckCatalog.All()
            .Where(c => filter == null || c.Op.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (checks.Count == 0)
            throw new GrnException($"no op matches '{filter}'; ops: {string.Join(", ", OpCheckCatalog.OpNames())}");
        Console.WriteLine($"gradcheck on {target.Info} ({checks.Count} cases, seed {seed})");
        Console.WriteLine($"{"op",-26} {"case",-40} {"max abs err",11} {"max rel err",11}  {"tolerance",-26} result");
        int passed = 0, failed = 0;
        foreach (var check in checks)
        {
            IEnumerable<OpCheckResult> rows;
            try
            {
                rows = check.Run(target, seed).ToList();
            }
            catch (Exception e) when (e is GrnException or ArgumentException)
            {
                rows = [new OpCheckResult(check.Op, check.Case, target.Info.Id, double.NaN, double.NaN, "", false, e.Message)];
            }
            foreach (var r in rows)
            {
                if (r.Passed) passed++; else failed++;
                Console.WriteLine($"{r.Op,-26} {r.Case,-40} {r.MaxAbsError,11:G3} {r.MaxRelError,11:G3}  {r.Tolerance,-26} {(r.Passed ? "pass" : "FAIL")}{(r.Note != null ? "  " + r.Note : "")}");
            }
        }
        return (passed, failed);
    }
}
