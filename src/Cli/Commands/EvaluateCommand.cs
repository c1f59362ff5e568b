using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Metrics;
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
            string weightsPath = parse.GetValue(weights)!;
            // The output is checked, and locked, before anything is computed: a bad --out fails in its first second.
            using var outFolder = parse.GetValue(output) is string outDir ? BeginOutput(outDir, weightsPath) : null;
            var source = WeightsSource.Open(weightsPath, Console.Error.WriteLine);
            var device = CommonOptions.OpenDevice(parse, parse.GetValue(set.Device)!);
            TrainingDataSource data;
            TrainOptions? foldOptions = null;
            double? threshold = parse.GetValue(set.Threshold);
            string? thresholdRule = null;
            bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
            if (parse.GetValue(set.Pairs) == null)
            {
                var run = source.Run ?? throw new GrnException("--pairs is required (or give a run folder as --weights to evaluate its test fold)");
                data = run.Options.Data;
                // The run's own fold unless --fold, --split, --folds or --seed say otherwise.
                foldOptions = run.Options with
                {
                    Fold = Given(fold) ? parse.GetValue(fold)!.Value : run.Options.Fold,
                    Split = Given(set.Split) ? Splits.Parse(parse.GetValue(set.Split)!) : run.Options.Split,
                    Folds = Given(set.Folds) ? parse.GetValue(set.Folds) : run.Options.Folds,
                    Seed = Given(set.Seed) ? parse.GetValue(set.Seed) : run.Options.Seed,
                    Baselines = Given(set.Baselines) ? TrainingOptionSet.ParseBaselines(parse.GetValue(set.Baselines)!) : run.Options.Baselines,
                };
                foldOptions.Validate();
                bool ownFold = foldOptions.Fold == run.Options.Fold && foldOptions.Split == run.Options.Split && foldOptions.Folds == run.Options.Folds
                               && foldOptions.Seed == run.Options.Seed;
                if (threshold == null && ownFold && source.Report != null && run.Options.Threshold == null)
                    (threshold, thresholdRule) = (source.Report.Threshold, $"{source.Report.ThresholdRule} (the run's own, from its {MetricsReportWriter.MetricsFile})");
                else if (threshold == null && run.Options.Threshold is double trained)
                    (threshold, thresholdRule) = (trained, "fixed by --threshold when the run was trained");
                if (!ownFold)
                    Console.Error.WriteLine($"warning: {weightsPath} was trained on fold {run.Options.Fold} of a {TrainingRun.SplitName(run.Options.Split)} split of {run.Options.Folds}; " +
                                            $"fold {foldOptions.Fold} of a {TrainingRun.SplitName(foldOptions.Split)} split of {foldOptions.Folds} may test pairs it was trained on, so these metrics need not be held out");
            }
            else
            {
                data = set.DataSource(parse, source.Info.Kind);
                if (parse.GetValue(fold) is int f)
                    foldOptions = new TrainOptions { Data = data, Split = Splits.Parse(parse.GetValue(set.Split)!), Folds = parse.GetValue(set.Folds), Fold = f,
                        Seed = parse.GetValue(set.Seed), Baselines = TrainingOptionSet.ParseBaselines(parse.GetValue(set.Baselines)!) };
                else if (Given(set.Split) || Given(set.Folds))
                    throw new GrnException($"{(Given(set.Split) ? "--split" : "--folds")} picks a fold's test pairs: give --fold too (without it every labelled pair is scored)");
            }
            foldOptions?.Validate();
            var options = new EvaluationOptions(foldOptions, threshold, parse.GetValue(set.BatchNormBatches), parse.GetValue(set.Batch), thresholdRule);
            var (report, scores, loaded) = Evaluation.Run(source, data, options, device, Console.Error.WriteLine);

            var table = ReportTables.NewTable();
            ReportTables.AddRow(table, report.Model + (report.ImagePairs != null ? " (gene pairs)" : ""), report.Metrics);
            if (report.ImagePairs is { } images) ReportTables.AddRow(table, report.Model + " (image pairs)", images);
            foreach (var b in report.Baselines) ReportTables.AddRow(table, b.Method, b.Metrics);
            Console.WriteLine($"{report.Model} from {report.Weights}: {report.GenePairs} gene pairs ({report.Samples} samples), threshold {ReportTables.F(report.Threshold)} ({report.ThresholdRule})");
            ReportTables.Write(table);
            ReportTables.PrintAnalysis(report.Comparisons, report.Strata, null);
            if (outFolder != null)
            {
                outFolder.WriteText(MetricsReportWriter.MetricsFile, report.ToJson());
                MetricsReportWriter.WritePredictions(scores.GenePairs.Select((p, k) =>
                    new Prediction(loaded.Pairs[p].Tf, loaded.Pairs[p].Target, scores.Labels[k], scores.Scores[k], foldOptions?.Fold ?? -1)),
                    outFolder.PathOf(MetricsReportWriter.PredictionsFile));
                outFolder.Set("model", report.Model);
                outFolder.Set("pairs", report.GenePairs);
                outFolder.Commit();
                Console.WriteLine($"wrote {parse.GetValue(output)}: {MetricsReportWriter.MetricsFile}, {MetricsReportWriter.PredictionsFile}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Manifest kind of `grn evaluate --out`.</summary>
    public const string Kind = "evaluation";

    private static OutputFolder BeginOutput(string dir, string weights)
    {
        OutputChecks.RequireNotInsideAnotherSet(dir);
        OutputChecks.RequireOutside(dir, [weights]);
        return OutputFolder.Begin(dir, new OutputRequest(Kind, CommandLine.Current()));
    }
}
