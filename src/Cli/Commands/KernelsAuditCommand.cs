using System.CommandLine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models;
using GrnGpu.Models.Audit;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn kernels audit [--model rna|sdinet|fusion|all] [--arch 80,90] [--batch 32]`: a full training step of each model
/// against a simulated H100 that records every launch, every kernel variant compiled to CUBIN with NVRTC (no GPU
/// needed); prints per model `MODEL: L launches, R host reads, smallest GEMM grid B blocks, V violations`, and each
/// violation. Exit status 1 when any model has a violation.
/// </summary>
public static class KernelsAuditCommand
{
    public static Command Build()
    {
        var model = new Option<string>("--model") { Description = "rna, sdinet, fusion or all.", DefaultValueFactory = _ => "all" };
        var arch = new Option<string>("--arch") { Description = "SM versions to compile for, e.g. 90 or 80,90.", DefaultValueFactory = _ => "80,90" };
        var batch = new Option<int>("--batch") { Description = "Batch size of the audited step.", DefaultValueFactory = _ => 32 };
        var command = new Command("audit", "Audit every kernel launch of a training step against a simulated H100 (limits, spills, double precision, GEMM grids, host reads).");
        command.Options.Add(model);
        command.Options.Add(arch);
        command.Options.Add(batch);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            if (!NvrtcCompiler.IsAvailable(out var why)) throw new GrnException($"the audit compiles with NVRTC: {why}");
            var archs = parse.GetValue(arch)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(a => int.TryParse(a.StartsWith("sm_", StringComparison.OrdinalIgnoreCase) ? a[3..] : a, out int v) && v is >= 50 and <= 200
                    ? v : throw new GrnException($"bad --arch entry '{a}': expected an SM version such as 80 or 90"))
                .ToList();
            string which = parse.GetValue(model)!.Trim().ToLowerInvariant();
            var kinds = which == "all" ? Enum.GetValues<ModelKind>().ToList() : [ModelKinds.Parse(which)];
            bool verbose = parse.GetValue(CommonOptions.Verbose);
            int failed = 0;
            foreach (var kind in kinds)
            {
                var result = LaunchAudit.Run(kind, archs, parse.GetValue(batch));
                Console.WriteLine(result.Summary);
                foreach (var v in result.Violations) Console.WriteLine($"  violation: {v}");
                foreach (var r in result.HostReadSites) Console.WriteLine($"  host read: {r}");
                foreach (var g in result.TooSmallToFill) Console.WriteLine($"  small GEMM: {g}");
                if (verbose)
                {
                    foreach (var l in result.Launches) Console.WriteLine($"  launch: {l}");
                    foreach (var r in result.Resources.DistinctBy(r => (r.File, r.Defines, r.Entry, r.Arch))) Console.WriteLine($"  kernel: {r} [{r.File} {r.Defines}]");
                }
                if (result.Violations.Count > 0) failed++;
            }
            return failed == 0 ? 0 : 1;
        }));
        return command;
    }
}
