using System.CommandLine;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models.Data;
using GrnGpu.Models.Training;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn evaluate --weights W`: metrics of trained weights on labelled pairs. W may be a run folder: with no --pairs
/// it is scored on its own test fold, with the data, split and threshold it was trained with.
/// </summary>
public static class EvaluateCommand
{
    public static Command Build()
    {
        var set = new TrainingOptionSet();
        var weights = new Option<string>("--weights") { Description = "A .safetensors file, or a training run folder (its best.safetensors).", Required = true };
        var fold = new Option<int?>("--fold") { Description = "Evaluate this fold's test pairs of --split (threshold and batch-norm statistics from the fold); default: every labelled pair." };
        var output = new Option<string?>("--out") { Description = "Folder for metrics.json and predictions.tsv." };
        var command = new Command("evaluate", "Score trained weights on labelled pairs: Acc, F1, AUROC, AUPR, confusion matrix.");
        foreach (var o in set.Data.Where(o => o != set.Model)
                     .Concat([set.Split, set.Folds, set.Seed, set.Batch, set.BatchNormBatches, set.Baselines, set.Threshold, set.Device, weights, fold, output]))
            command.Options.Add(o);
        set.BatchNormBatches.DefaultValueFactory = _ => 0;
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var source = WeightsSource.Open(parse.GetValue(weights)!);
            var device = CommonOptions.OpenDevice(parse, parse.GetValue(set.Device)!);
            TrainingDataSource data;
            TrainOptions? foldOptions = null;
            double? threshold = parse.GetValue(set.Threshold);
            if (parse.GetValue(set.Pairs) == null)
            {
                var run = source.Run ?? throw new GrnException("--pairs is required (or give a run folder as --weights to evaluate its test fold)");
                data = run.Options.Data;
                foldOptions = run.Options;
                threshold ??= source.Report?.Threshold;
            }
            else
            {
                data = set.DataSource(parse, source.Info.Kind);
                if (parse.GetValue(fold) is int f)
                    foldOptions = new TrainOptions { Data = data, Split = Splits.Parse(parse.GetValue(set.Split)!), Folds = parse.GetValue(set.Folds), Fold = f,
                        Seed = parse.GetValue(set.Seed), Baselines = TrainingOptionSet.ParseBaselines(parse.GetValue(set.Baselines)!) };
            }
            foldOptions?.Validate();
            var options = new EvaluationOptions(foldOptions, threshold, parse.GetValue(set.BatchNormBatches), parse.GetValue(set.Batch));
            var (report, scores, loaded) = Evaluation.Run(source, data, options, device, Console.Error.WriteLine);

            var table = ReportTables.NewTable();
            ReportTables.AddRow(table, report.Model + (report.ImagePairs != null ? " (gene pairs)" : ""), report.Metrics);
            if (report.ImagePairs is { } images) ReportTables.AddRow(table, report.Model + " (image pairs)", images);
            foreach (var b in report.Baselines) ReportTables.AddRow(table, b.Method, b.Metrics);
            Console.WriteLine($"{report.Model} from {report.Weights}: {report.GenePairs} gene pairs ({report.Samples} samples), threshold {ReportTables.F(report.Threshold)} ({report.ThresholdRule})");
            ReportTables.Write(table);
            if (parse.GetValue(output) is string dir)
            {
                Directory.CreateDirectory(dir);
                AtomicFile.WriteAllText(Path.Combine(dir, MetricsReportWriter.MetricsFile), report.ToJson());
                MetricsReportWriter.WritePredictions(scores.GenePairs.Select((p, k) =>
                    new Prediction(loaded.Pairs[p].Tf, loaded.Pairs[p].Target, scores.Labels[k], scores.Scores[k], foldOptions?.Fold ?? -1)),
                    Path.Combine(dir, MetricsReportWriter.PredictionsFile));
                Console.WriteLine($"wrote {dir}/metrics.json and predictions.tsv");
            }
            return 0;
        }));
        return command;
    }
}
