using System.CommandLine;
using System.Globalization;
using GrnGpu.Models.Baselines;
using GrnGpu.Models.Data;
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
        var output = new Option<string?>("--out") { Description = "Folder for metrics.json and predictions.tsv." };

        var command = new Command("baseline", "Evaluate a built-in baseline (correlation, mutual information, random forest) on labelled pairs.");
        foreach (var option in new Option[] { method, expression, pairs, aliases, skipMissing, bins, split, folds, fold, seed, trees, output })
            command.Options.Add(option);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var which = BaselineMethods.Parse(parse.GetValue(method)!);
            var kind = Splits.Parse(parse.GetValue(split)!);
            var data = PairDataLoader.Load(PairDataOptions.Source(parse, expression, pairs, aliases, skipMissing), Console.Error.WriteLine);
            var allFolds = Splits.Make(kind, data.Pairs.Select(p => p.Pair).ToList(), parse.GetValue(folds), parse.GetValue(seed));
            var chosen = parse.GetValue(fold) is int only
                ? only >= 0 && only < allFolds.Count ? [allFolds[only]] : throw new GrnDataException($"--fold {only} is outside 0..{allFolds.Count - 1}")
                : allFolds;
            var options = new BaselineOptions(parse.GetValue(bins), parse.GetValue(trees), parse.GetValue(seed));
            string splitName = parse.GetValue(split)!.ToLowerInvariant();
            var report = BaselineEvaluator.Score(which, data, chosen, options, splitName);
            Print(report);
            if (parse.GetValue(output) is string dir)
            {
                MetricsReportWriter.Write(report, dir);
                Console.WriteLine($"wrote {Path.Combine(dir, MetricsReportWriter.MetricsFile)} and {Path.Combine(dir, MetricsReportWriter.PredictionsFile)}");
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
                m.Threshold.ToString("G4", CultureInfo.InvariantCulture), F(m.Accuracy), F(m.F1), F(m.Auroc), F(m.Aupr),
                $"{c.TruePositives}/{c.FalsePositives}/{c.TrueNegatives}/{c.FalseNegatives}");
        }
        if (report.Folds.Count > 1)
            table.AddRow("mean ± sd", "", "", "", "", S(report.Accuracy), S(report.F1), S(report.Auroc), S(report.Aupr), "");
        // Redirected output (logs, CI) would otherwise be cut to 80 columns and wrap every number.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
            AnsiConsole.Profile.Capabilities.Ansi = false;
        }
        AnsiConsole.Write(table);
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    private static string S(MetricSummary s) => Markup.Escape($"{F(s.Mean)} ± {F(s.Sd)}");
}
