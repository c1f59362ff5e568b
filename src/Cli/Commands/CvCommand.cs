using System.CommandLine;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models.Data;
using GrnGpu.Models.Training;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn cv`: trains every fold (RUN/fold-i, each a `grn train` run folder), then writes RUN/metrics.json with each
/// fold and the mean ± sd for the model and the baselines, and RUN/predictions.tsv. A finished fold is not trained
/// again and an interrupted one resumes, so rerunning the same command completes a killed cv. `--fold i` trains one
/// fold only (folds as separate jobs, e.g. a Slurm array); `grn cv --merge RUN...` joins their reports.
/// </summary>
public static class CvCommand
{
    public static Command Build()
    {
        var set = new TrainingOptionSet();
        var fold = new Option<int?>("--fold") { Description = "Train only this fold (0-based); merge later with grn cv --merge." };
        var output = new Option<string?>("--out") { Description = "Cross-validation folder (fold-0, fold-1, ... inside); with --merge: where the merged report goes." };
        var merge = new Option<string[]>("--merge") { Description = "Join the reports of these fold run folders (or cv folders holding fold-*/).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("cv", "Cross-validate a model: every fold trained and tested, then mean ± sd beside the baselines.");
        foreach (var o in set.Data.Concat(set.ImageResolution).Concat(set.Training).Concat([fold, output, merge])) command.Options.Add(o);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            if (parse.GetValue(merge) is { Length: > 0 } runs)
            {
                var merged = Merge(runs, parse.GetValue(output));
                ReportTables.Print(merged);
                return 0;
            }
            string dir = parse.GetValue(output) ?? throw new GrnException("--out is required: the cross-validation folder");
            var first = set.Options(parse, 0);
            first.Validate();
            var device = CommonOptions.OpenDevice(parse, parse.GetValue(set.Device)!);
            string args = GrnGpu.Models.Data.Output.CommandLine.Current();
            var folds = parse.GetValue(fold) is int only ? [only] : Enumerable.Range(0, first.Folds).ToArray();
            foreach (int f in folds)
            {
                var options = first with { Fold = f };
                options.Validate();
                string foldDir = Path.Combine(dir, $"fold-{f}");
                if (File.Exists(Path.Combine(foldDir, MetricsReportWriter.MetricsFile)))
                {
                    Console.WriteLine($"fold {f}: already finished in {foldDir}");
                    continue;
                }
                bool resume = File.Exists(Path.Combine(foldDir, RunFolder.ConfigFile));
                Console.WriteLine($"fold {f} of {first.Folds}{(resume ? " (resuming)" : "")}");
                var report = TrainingConsole.Run(p => TrainingRun.Fit(options, device, foldDir, resume, p, args));
                ReportTables.Print(report);
            }
            var done = Enumerable.Range(0, first.Folds).Where(f => File.Exists(Path.Combine(dir, $"fold-{f}", MetricsReportWriter.MetricsFile))).ToList();
            if (done.Count < first.Folds)
            {
                Console.WriteLine($"{done.Count} of {first.Folds} folds finished in {dir}; when all are, grn cv --merge {dir} writes the summary");
                return 0;
            }
            ReportTables.Print(Merge([dir], dir));
            return 0;
        }));
        return command;
    }

    /// <summary>Reads the fold reports under <paramref name="runs"/>, merges them, and writes metrics.json and predictions.tsv to <paramref name="outDir"/>.</summary>
    public static CrossValidationReport Merge(IEnumerable<string> runs, string? outDir)
    {
        var foldDirs = new List<string>();
        foreach (var run in runs)
        {
            if (!Directory.Exists(run)) throw new GrnException($"{run}: not found (expected a fold run folder or a cv folder)");
            var children = Directory.GetDirectories(run, "fold-*").Order(StringComparer.Ordinal).ToList();
            foldDirs.AddRange(children.Count > 0 && !File.Exists(Path.Combine(run, RunFolder.ConfigFile)) ? children : [run]);
        }
        var reports = new List<RunReport>();
        var predictions = new List<string>();
        foreach (var d in foldDirs)
        {
            string metrics = Path.Combine(d, MetricsReportWriter.MetricsFile);
            if (!File.Exists(metrics)) throw new GrnException($"{d}: no {MetricsReportWriter.MetricsFile}: that fold has not finished (rerun its grn cv --fold or grn train --resume)");
            reports.Add(RunReport.Read(metrics));
            predictions.AddRange(File.ReadLines(Path.Combine(d, MetricsReportWriter.PredictionsFile)).Skip(1).Where(l => l.Length > 0));
        }
        var merged = CrossValidationReport.Of(reports);
        if (outDir != null)
        {
            Directory.CreateDirectory(outDir);
            AtomicFile.WriteAllText(Path.Combine(outDir, MetricsReportWriter.MetricsFile), merged.ToJson());
            AtomicFile.WriteAllText(Path.Combine(outDir, MetricsReportWriter.PredictionsFile), "tf\ttarget\tlabel\tscore\tfold\n" + string.Concat(predictions.Select(l => l + "\n")));
            Console.WriteLine($"wrote {Path.Combine(outDir, MetricsReportWriter.MetricsFile)} ({reports.Count} folds) and {MetricsReportWriter.PredictionsFile}");
        }
        return merged;
    }
}
