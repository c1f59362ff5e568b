using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine.Devices;
using GrnGpu.Models;
using GrnGpu.Kernels.Ptx;
using GrnGpu.Models.Training;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn kernels audit [--model rna|sdinet|fusion|all] [--arch 80,90] [--batch 32] [--precision tf32|fp32]`: a full training
/// step of each model on the ILGPU device simulating an H100 (every launch recorded, nothing run; no GPU needed), every
/// kernel launched compiled to PTX and assembled by ptxas for each architecture (its registers, spills, shared memory,
/// double precision); prints per model `MODEL: L launches, R host reads, smallest GEMM grid B blocks, V violations`, and
/// each violation. Exit status 1 when any model has a violation.
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
            string ptxas = Ptxas.Find()
                ?? throw new GrnException("the audit assembles the kernels with NVIDIA's ptxas, which was not found: set GRN_PTXAS to its path or put CUDA's bin folder on the PATH");
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
                var result = AuditedTrainingStep.Audit(kind, archs, ptxas, parse.GetValue(batch), precision: CommonOptions.PrecisionOf(parse) ?? GemmPrecision.Tf32);
                Console.WriteLine(result.Summary);
                foreach (var v in result.Violations) Console.WriteLine($"  violation: {v}");
                foreach (var r in result.HostReads) Console.WriteLine($"  host read: {r}");
                foreach (var g in result.TooSmallToFill) Console.WriteLine($"  small GEMM: {g}");
                if (verbose)
                {
                    foreach (var l in result.Launches) Console.WriteLine($"  launch: {l}");
                    foreach (var r in result.Resources) Console.WriteLine($"  kernel: {r}");
                }
                if (result.Violations.Count > 0) failed++;
            }
            return failed == 0 ? 0 : 1;
        }));
        return command;
    }
}
