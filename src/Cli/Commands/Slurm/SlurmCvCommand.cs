using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Models.Training;

namespace GrnGpu.Cli.Commands.Slurm;

/// <summary>
/// `grn slurm cv OPTIONS --out RUN`: an array task per fold running `grn cv OPTIONS --out RUN --fold i` (each fold its
/// own RUN/fold-i run folder, written under that folder's lock), and a merge job running `grn cv --merge RUN --out RUN`,
/// held until every task completed. The folds and seeds are cv's own, so the merged report is the one `grn cv` on one
/// machine writes.
/// </summary>
public static class SlurmCvCommand
{
    public static Command Build()
    {
        var set = CvCommand.OptionSet();
        var output = new Option<string?>("--out") { Description = "Cross-validation folder the tasks share (fold-0, fold-1, ... inside, then the merged report)." };
        var slurm = new SlurmOptionSet();
        var command = new Command("cv", "Write (and with --submit, submit) a Slurm array with one task per fold of grn cv, and the grn cv --merge job after it.");
        foreach (var o in set.Data.Concat(set.ImageResolution).Concat(set.Training).Concat([output]).Concat(slurm.All)) command.Options.Add(o);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var resources = slurm.Read(parse);
            string dir = parse.GetValue(output) ?? throw new GrnException("--out is required: the cross-validation folder the tasks share");
            var options = set.Options(parse, 0);
            options.Validate();
            RequireInputs(options.Data);
            CvCommand.RequireCvFolder(dir);
            RequireSameCrossValidation(dir, options);
            string full = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar);
            string jobs = SlurmSubmission.RequireJobsFolder(parse.GetValue(slurm.Jobs) ?? full + ".slurm");
            GrnGpu.Models.Data.Output.OutputChecks.RequireOutside(dir, [jobs], "--jobs");

            string grn = parse.GetValue(slurm.GrnCommand) ?? GrnLauncher.Current();
            string args = ShellWords.Join(PassThrough.Arguments(parse, slurm.All.Append(output)));
            string outWord = ShellWords.Quote(full);
            string comment = $"Written by grn slurm cv: {options.Folds} folds of {outWord}, one array task each, then the merge.";
            var array = new SlurmJob("grn-cv", $"exec {grn} cv {args} --out {outWord} --fold \"$SLURM_ARRAY_TASK_ID\"", options.Folds, comment);
            var merge = new SlurmJob("grn-cv-merge", $"exec {grn} cv --merge {outWord} --out {outWord}", null, comment);
            return SlurmSubmission.Write(jobs, array, merge, resources, parse.GetValue(slurm.Submit));
        }));
        return command;
    }

    /// <summary>Every task would fail on a missing input: refused here, before anything is submitted.</summary>
    private static void RequireInputs(TrainingDataSource data)
    {
        GrnGpu.Models.Data.Output.OutputChecks.RequireInputFile(data.PairsFile, "--pairs", "a pair list");
        foreach (var table in data.ExpressionFiles) GrnGpu.Models.Data.Output.OutputChecks.RequireInputFile(table, "--expression", "an expression table");
        if (data.AliasFile != null) GrnGpu.Models.Data.Output.OutputChecks.RequireInputFile(data.AliasFile, "--aliases", "an alias table");
        if (data.ImagesRoot != null && !Directory.Exists(data.ImagesRoot))
            throw new GrnException($"--images {data.ImagesRoot}: folder not found, expected an image store root");
    }

    private static readonly Regex FoldName = new(@"^fold-(\d+)$");

    /// <summary>
    /// A cv folder that already holds folds must hold folds of this very cross-validation: a task finds a finished
    /// fold and skips it, so folds trained with other options would be merged into a report that is not the one asked for.
    /// </summary>
    private static void RequireSameCrossValidation(string dir, TrainOptions options)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var foldDir in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
        {
            var match = FoldName.Match(Path.GetFileName(foldDir));
            if (!match.Success) continue;
            int fold = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (fold >= options.Folds)
                throw new GrnException($"--out {dir}: holds fold-{fold}, from a cross-validation with more than {options.Folds} folds; " +
                                       "choose another folder, or give the same options to finish that one");
            if (!RunFolder.IsRun(foldDir)) continue;
            var saved = JsonSerializer.SerializeToNode(TrainingRun.ReadConfig(foldDir).Options, TrainOptions.Json)!.AsObject();
            var wanted = JsonSerializer.SerializeToNode(options with { Fold = fold }, TrainOptions.Json)!.AsObject();
            foreach (var (name, value) in saved)
                if (!System.Text.Json.Nodes.JsonNode.DeepEquals(value, wanted[name]))
                    throw new GrnException($"--out {dir}: holds a different cross-validation (fold-{fold} was trained with {TrainingRun.OptionName(name)} " +
                                           $"{value?.ToJsonString() ?? "none"}, not {wanted[name]?.ToJsonString() ?? "none"}); choose another folder, " +
                                           "or give the same options to finish that one");
        }
    }
}
