using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models.Training;
using GrnGpu.Models.Training.Report;

namespace GrnGpu.Cli.Commands;

/// <summary>`grn train`: one fold of one model, into a run folder (checkpoints, history, metrics, predictions, plots).</summary>
public static class TrainCommand
{
    public static Command Build()
    {
        var set = new TrainingOptionSet();
        var fold = new Option<int>("--fold") { Description = "Test fold (0-based).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Run folder (created; must not hold a run already)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder exactly where its last finished epoch left it (--epochs may extend it)." };
        var command = new Command("train", "Train rna, sdinet or fusion on labelled pairs: validation every epoch, best/last checkpoints, test metrics beside the baselines.");
        foreach (var o in set.Data.Concat(set.ImageResolution).Concat(set.Training).Append(fold).Append(output).Append(resume)) command.Options.Add(o);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            string args = GrnGpu.Models.Data.Output.CommandLine.Current();
            if (parse.GetValue(resume) is string runDir)
            {
                // Only what can change in a run already under way may be given; anything else would be ignored.
                var fixedOptions = set.Data.Concat(set.ImageResolution).Concat(set.Training).Append(fold).Append(output)
                    .Where(o => o != set.Epochs && o != set.EarlyStop && o != set.Stack && o != set.Device);
                if (fixedOptions.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } given)
                    throw new GrnException($"{given.Name} cannot be given with --resume: the run continues with the options in {Path.Combine(runDir, RunFolder.ConfigFile)}; " +
                                           "only --epochs, --early-stop, --stack and --device can change (start a new run with another --out)");
                if (!RunFolder.IsRun(runDir))
                    throw new GrnException($"--resume {runDir}: no training run to resume there ({(Directory.Exists(runDir) ? $"no {RunFolder.ConfigFile}" : "folder not found")})");
                var config = TrainingRun.ReadConfig(runDir);
                var options = config.Options;
                if (parse.GetResult(set.Epochs) is { Implicit: false }) options = options with { Epochs = parse.GetValue(set.Epochs) };
                if (parse.GetResult(set.EarlyStop) is { Implicit: false }) options = options with { EarlyStop = parse.GetValue(set.EarlyStop) };
                if (parse.GetResult(set.Stack) is { Implicit: false }) options = options with { Stack = parse.GetValue(set.Stack) };
                var device = CommonOptions.OpenDevice(parse, parse.GetResult(set.Device) is { Implicit: false } ? parse.GetValue(set.Device)! : "auto");
                var report = TrainingConsole.Run(p => TrainingRun.Fit(options, device, runDir, resume: true, p, ReportFiles.WriteRun, args));
                ReportTables.Print(report);
                return 0;
            }
            string dir = parse.GetValue(output) ?? throw new GrnException("--out is required: the run folder to create (or --resume RUN)");
            GrnGpu.Models.Data.Output.OutputChecks.RequireNotInsideAnotherSet(dir, isFile: true);   // the folder itself: RunFolder.Open
            var trainOptions = set.Options(parse, parse.GetValue(fold));
            trainOptions.Validate();
            var compute = CommonOptions.OpenDevice(parse, parse.GetValue(set.Device)!);
            var result = TrainingConsole.Run(p => TrainingRun.Fit(trainOptions, compute, dir, resume: false, p, ReportFiles.WriteRun, args));
            ReportTables.Print(result);
            Console.WriteLine($"wrote {dir}: {RunFolder.BestWeights}, {RunFolder.LastFolder}/, {RunFolder.HistoryFile}, metrics.json, predictions.tsv, charts and report.html");
            return 0;
        }));
        return command;
    }
}
