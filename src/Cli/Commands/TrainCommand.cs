using System.CommandLine;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models.Training;

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
                var config = TrainingRun.ReadConfig(runDir);
                var options = parse.GetResult(set.Epochs) is { Implicit: false } ? config.Options with { Epochs = parse.GetValue(set.Epochs) } : config.Options;
                var device = CommonOptions.OpenDevice(parse, parse.GetResult(set.Device) is { Implicit: false } ? parse.GetValue(set.Device)! : "auto");
                var report = TrainingConsole.Run(p => TrainingRun.Fit(options, device, runDir, resume: true, p, args));
                ReportTables.Print(report);
                return 0;
            }
            string dir = parse.GetValue(output) ?? throw new GrnException("--out is required: the run folder to create (or --resume RUN)");
            var trainOptions = set.Options(parse, parse.GetValue(fold));
            trainOptions.Validate();
            var compute = CommonOptions.OpenDevice(parse, parse.GetValue(set.Device)!);
            var result = TrainingConsole.Run(p => TrainingRun.Fit(trainOptions, compute, dir, resume: false, p, args));
            ReportTables.Print(result);
            Console.WriteLine($"wrote {dir}: {RunFolder.BestWeights}, {RunFolder.LastFolder}/, {RunFolder.HistoryFile}, metrics.json, predictions.tsv");
            return 0;
        }));
        return command;
    }
}
