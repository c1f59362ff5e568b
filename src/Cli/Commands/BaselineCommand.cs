using System.CommandLine;
using System.Globalization;
using GrnGpu.Cli.Common;
using GrnGpu.Models.Baselines;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Training;
using Spectre.Console;

namespace GrnGpu.Cli.Commands;

/// <summary>`grn baseline`: evaluate pearson / spearman / mi / rf under a split; table + metrics.json + predictions.tsv.</summary>
public static class BaselineCommand
{
    public static Command Build()
    {
        var method = new Option<string>("--method") { Description = "pearson, spearman, mi or rf.", Required = true };
        var expression = PairDataOptions.Expression();
        var pairs = PairDataOptions.Pairs();
        var aliases = PairDataOptions.Aliases();
        var skipMissing = PairDataOptions.SkipMissing();
        var bins = PairDataOptions.Bins();
        var split = new Option<string>("--split")
        {
            Description = "seed (consecutive folds in file order), random, tf-held-out or target-held-out.",
            DefaultValueFactory = _ => "seed",
        };
        var folds = new Option<int>("--folds") { Description = "Number of folds to cut.", DefaultValueFactory = _ => Splits.DefaultFolds };
        var fold = new Option<int?>("--fold") { Description = "Evaluate only this test fold (0-based); default all folds." };
        var seed = new Option<int>("--seed") { Description = "Seed of random splits and of the random forest.", DefaultValueFactory = _ => 0 };
        var trees = new Option<int>("--trees") { Description = "Random forest size.", DefaultValueFactory = _ => RandomForest.DefaultTrees };
        var output = new Option<string?>("--out") { Description = "Folder for metrics.json, predictions.tsv and manifest.json (written as one set)." };

        var command = new Command("baseline", "Evaluate a built-in baseline (correlation, mutual information, random forest) on labelled pairs.");
        foreach (var option in new Option[] { method, expression, pairs, aliases, skipMissing, bins, split, folds, fold, seed, trees, output })
            command.Options.Add(option);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            // Everything that can be checked is checked before the tables are read and the scores computed.
            var which = BaselineMethods.Parse(parse.GetValue(method)!);
            var kind = Splits.Parse(parse.GetValue(split)!);
            var options = new BaselineOptions(parse.GetValue(bins), parse.GetValue(trees), parse.GetValue(seed));
            options.Validate();
            if (parse.GetValue(folds) < 2) throw new GrnDataException($"--folds must be at least 2, got {parse.GetValue(folds)}");
            var source = PairDataOptions.Source(parse, expression, pairs, aliases, skipMissing);
            PairDataOptions.RequireInputs(source);
            using var outputSet = parse.GetResult(output) != null
                ? OutputFolder.Begin(parse.GetValue(output)!, new OutputRequest(MetricsReportWriter.Kind, CommandLine.Current())
                    { LegacyNames = [MetricsReportWriter.MetricsFile, MetricsReportWriter.PredictionsFile] })
                : null;
            if (outputSet != null) OutputChecks.RequireOutside(outputSet.Target, [.. source.ExpressionFiles, source.PairsFile, source.AliasFile]);

            var data = PairDataLoader.Load(source, Console.Error.WriteLine, mergeRepeats: true);
            BaselineEvaluator.RequireBothClasses(data, source.PairsFile);
            var allFolds = Splits.Make(kind, data.Pairs.Select(p => p.Pair).ToList(), parse.GetValue(folds), parse.GetValue(seed));
            var chosen = parse.GetValue(fold) is int only
                ? only >= 0 && only < allFolds.Count ? [allFolds[only]] : throw new GrnDataException($"--fold {only} is outside 0..{allFolds.Count - 1}")
                : allFolds;
            string splitName = parse.GetValue(split)!.ToLowerInvariant();
            var report = ConsoleProgress.Run(progress => BaselineEvaluator.Score(which, data, chosen, options, splitName, progress));
            Print(report);
            if (outputSet != null)
            {
                MetricsReportWriter.Write(report, outputSet.Staging);
                outputSet.Set("method", which.Name());
                outputSet.Set("split", splitName);
                outputSet.Set("pairs", data.Count);
                outputSet.Commit();
                Console.WriteLine($"wrote {Path.Combine(outputSet.Target, MetricsReportWriter.MetricsFile)} and {Path.Combine(outputSet.Target, MetricsReportWriter.PredictionsFile)}");
            }
            return 0;
        }));
        return command;
    }

    private static void Print(MetricsReport report)
    {
        var table = new Table().Title($"{report.Method} baseline, {report.Split} split ({report.Seconds:F1} s)");
        foreach (var column in new[] { "fold", "train", "val", "test", "threshold", "acc", "F1", "AUROC", "AUPR", "TP/FP/TN/FN" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var f in report.Folds)
        {
            var m = f.Metrics;
            var c = m.Confusion;
            table.AddRow(f.Fold.ToString(), f.TrainCount.ToString(), f.ValidationCount.ToString(), f.TestCount.ToString(),
                F(m.Threshold, "G4"), F(m.Accuracy), F(m.F1), F(m.Auroc), F(m.Aupr),
                $"{c.TruePositives}/{c.FalsePositives}/{c.TrueNegatives}/{c.FalseNegatives}");
        }
        if (report.Folds.Count > 1)
            table.AddRow("mean ± sd", "", "", "", "", S(report.Accuracy), S(report.F1), S(report.Auroc), S(report.Aupr), "");
        ReportTables.Write(table);
    }

    /// <summary>A metric for the table; NaN (a class absent from the fold) is shown as "undefined".</summary>
    private static string F(double v, string format = "F4") => double.IsNaN(v) ? "undefined" : v.ToString(format, CultureInfo.InvariantCulture);

    private static string S(MetricSummary s) => double.IsNaN(s.Mean) ? "undefined" : Markup.Escape($"{F(s.Mean)} ± {F(s.Sd)}");
}
