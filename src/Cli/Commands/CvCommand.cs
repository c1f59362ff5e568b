using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using System.Globalization;
using System.Text.Json;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Training;
using GrnGpu.Models.Training.Report;

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
        var set = OptionSet();
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
            RequireCvFolder(dir);
            if (parse.GetValue(fold) is int chosen) (first with { Fold = chosen }).Validate();
            var device = CommonOptions.OpenDevice(parse, parse.GetValue(set.Device)!);
            string args = GrnGpu.Models.Data.Output.CommandLine.Current();
            var folds = parse.GetValue(fold) is int only ? [only] : Enumerable.Range(0, first.Folds).ToArray();
            foreach (int f in folds)
            {
                var options = first with { Fold = f };
                options.Validate();
                string foldDir = Path.Combine(dir, $"fold-{f}");
                if (RunFolder.IsFinished(foldDir))
                {
                    TrainingRun.RequireResumable(TrainingRun.ReadConfig(foldDir).Options, options, foldDir);
                    Console.WriteLine($"fold {f}: already finished in {foldDir}");
                    continue;
                }
                if (Directory.Exists(dir)) Manifest.MarkUnfinished(dir);
                bool resume = RunFolder.IsRun(foldDir);
                Console.WriteLine($"fold {f} of {first.Folds}{(resume ? " (resuming)" : "")}");
                var report = TrainingConsole.Run(p => TrainingRun.Fit(options, device, foldDir, resume, p, ReportFiles.WriteRun, args));
                ReportTables.Print(report);
            }
            var done = Enumerable.Range(0, first.Folds).Where(f => RunFolder.IsFinished(Path.Combine(dir, $"fold-{f}"))).ToList();
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

    /// <summary>cv's options with cv's defaults; `grn slurm cv` takes the same, so its tasks train what `grn cv` trains.</summary>
    public static TrainingOptionSet OptionSet()
    {
        var set = new TrainingOptionSet();
        set.Stack.DefaultValueFactory = _ => true;   // cv reports the stacked scorer unless --stack false
        return set;
    }

    /// <summary>Manifest kind of a cv folder's merged report (its fold-i/ are training runs, each with its own manifest).</summary>
    public const string Kind = "cv";

    private static readonly System.Text.RegularExpressions.Regex FoldName = new(@"^fold-\d+$");

    /// <summary>
    /// A cv folder holds fold-i/ runs and the merged report only: an existing folder with anything else (a user's
    /// files, another command's output, a run at its top) is refused, never written into.
    /// </summary>
    public static void RequireCvFolder(string dir, string option = "--out")
    {
        OutputChecks.RequireFolderLocation(dir, option);
        OutputChecks.RequireNotInsideAnotherSet(dir, option);
        if (!Directory.Exists(dir)) return;
        var own = new HashSet<string>(StringComparer.Ordinal) { MetricsReportWriter.MetricsFile, MetricsReportWriter.PredictionsFile, Manifest.FileName };
        own.UnionWith(ReportFiles.CvFiles);
        var foreign = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName)
            .Where(n => !n!.StartsWith('.') && !own.Contains(n!) && !(FoldName.IsMatch(n!) && Directory.Exists(Path.Combine(dir, n!))))
            .Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
            throw new GrnException($"{option} {dir}: the folder holds {string.Join(", ", foreign.Take(3))}{(foreign.Count > 3 ? ", ..." : "")}, which is not part of a " +
                                   "cross-validation (fold-i/ runs and their merged report); choose a new or empty folder");
        if (File.Exists(Path.Combine(dir, Manifest.FileName)) && Manifest.Read(dir).Kind != Kind)
            throw new GrnException($"{option} {dir}: holds a '{Manifest.Read(dir).Kind}' set, not a cross-validation; choose another folder");
    }

    /// <summary>
    /// Reads the fold reports under <paramref name="runs"/> and merges them: every fold must be a finished run
    /// (verified against its manifest), trained with the same options but the fold, and together they must be the
    /// whole set (each fold of the split once). Writes metrics.json, predictions.tsv and the manifest to <paramref name="outDir"/>.
    /// </summary>
    public static CrossValidationReport Merge(IEnumerable<string> runs, string? outDir)
    {
        if (outDir != null) RequireCvFolder(outDir);
        var foldDirs = new List<string>();
        foreach (var run in runs)
        {
            if (!Directory.Exists(run)) throw new GrnException($"{run}: not found (expected a fold run folder or a cv folder)");
            var children = Directory.GetDirectories(run, "fold-*").Where(d => FoldName.IsMatch(Path.GetFileName(d)))
                .OrderBy(d => int.Parse(Path.GetFileName(d)[5..], CultureInfo.InvariantCulture)).ToList();
            if (!RunFolder.IsRun(run) && children.Count == 0)
                throw new GrnException($"{run}: neither a training run (no {RunFolder.ConfigFile}) nor a cv folder (no fold-i/ inside)");
            foldDirs.AddRange(RunFolder.IsRun(run) ? [run] : children);
        }
        var reports = new List<RunReport>();
        var predictions = new List<string>();
        var scoreTables = new List<(string, ScoreTable)>();
        bool allScored = true;
        TrainOptions? firstOptions = null;
        string firstDir = "";
        var byFold = new Dictionary<int, string>();
        foreach (var d in foldDirs)
        {
            if (!RunFolder.IsRun(d)) throw new GrnException($"{d}: not a training run (no {RunFolder.ConfigFile}); a cv folder holds only fold-i/ runs");
            if (!RunFolder.IsFinished(d))
                throw new GrnException($"{d}: that fold has not finished (no {Manifest.FileName}); finish it (grn train --resume {d}, or rerun its grn cv --fold) before merging");
            Manifest.Verify(d, RunFolder.Kind);
            var options = TrainingRun.ReadConfig(d).Options;
            if (firstOptions == null) (firstOptions, firstDir) = (options, d);
            else RequireSameOptions(firstOptions, firstDir, options, d);
            if (byFold.TryGetValue(options.Fold, out var other))
                throw new GrnException($"fold {options.Fold} is given twice: {other} and {d}");
            byFold[options.Fold] = d;
            reports.Add(RunReport.Read(Path.Combine(d, MetricsReportWriter.MetricsFile)));
            predictions.AddRange(File.ReadLines(Path.Combine(d, MetricsReportWriter.PredictionsFile)).Skip(1).Where(l => l.Length > 0));
            string scores = Path.Combine(d, ScoreTable.FileName);
            if (File.Exists(scores)) scoreTables.Add((scores, ScoreTable.Read(scores)));
            else allScored = false;
        }
        if (firstOptions == null) throw new GrnException("no fold runs to merge");
        var missing = Enumerable.Range(0, firstOptions.Folds).Where(f => !byFold.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            throw new GrnException($"fold(s) {string.Join(", ", missing)} of the {firstOptions.Folds} folds are missing (found {string.Join(", ", byFold.Keys.Order())}); " +
                                   "a mean over some folds is not a cross-validation: train the missing folds (grn cv --fold i with the same options) and merge again");
        var merged = CrossValidationReport.Of(reports, allScored ? ScoreTable.Concat(scoreTables) : null);
        if (outDir != null)
        {
            Directory.CreateDirectory(outDir);
            Manifest.MarkUnfinished(outDir);
            AtomicFile.WriteAllText(Path.Combine(outDir, MetricsReportWriter.MetricsFile), merged.ToJson());
            AtomicFile.WriteAllText(Path.Combine(outDir, MetricsReportWriter.PredictionsFile), "tf\ttarget\tlabel\tscore\tfold\n" + string.Concat(predictions.Select(l => l + "\n")));
            // Charts and report.html before the manifest, which lists them; the folds may lie elsewhere, so they are named.
            ReportFiles.WriteCv(outDir, foldDirs.Select(Path.GetFullPath).ToList());
            Manifest.WriteFor(outDir, Kind, CommandLine.Current(), new Dictionary<string, System.Text.Json.Nodes.JsonNode?>
            {
                ["model"] = merged.Model, ["split"] = merged.Split, ["folds"] = reports.Count,
                ["runs"] = new System.Text.Json.Nodes.JsonArray(foldDirs.Select(d => (System.Text.Json.Nodes.JsonNode?)Path.GetFullPath(d)).ToArray()),
            });
            Console.WriteLine($"wrote {Path.Combine(outDir, MetricsReportWriter.MetricsFile)} ({reports.Count} folds), {MetricsReportWriter.PredictionsFile} and {ReportFiles.ReportFile}");
        }
        return merged;
    }

    /// <summary>Folds of one cross-validation differ only in the fold (and where early stopping ended them).</summary>
    private static void RequireSameOptions(TrainOptions a, string aDir, TrainOptions b, string bDir)
    {
        var x = JsonSerializer.SerializeToNode(a with { Fold = 0 }, TrainOptions.Json)!.AsObject();
        var y = JsonSerializer.SerializeToNode(b with { Fold = 0 }, TrainOptions.Json)!.AsObject();
        foreach (var (name, value) in x)
            if (!System.Text.Json.Nodes.JsonNode.DeepEquals(value, y[name]))
                throw new GrnException($"{aDir} and {bDir} were trained with different {TrainingRun.OptionName(name)} ({value?.ToJsonString() ?? "none"} and " +
                                       $"{y[name]?.ToJsonString() ?? "none"}): folds of one cross-validation must share every option but the fold");
    }
}
