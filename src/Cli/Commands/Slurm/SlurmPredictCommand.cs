using System.CommandLine;
using System.Globalization;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Models;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Training;

namespace GrnGpu.Cli.Commands.Slurm;

/// <summary>
/// `grn slurm predict OPTIONS --shards N --out edges.tsv`: an array task per shard running
/// `grn predict OPTIONS --shard i/N` into JOBS/shards/edges-i.tsv, and a merge job running `grn predict --merge` on
/// all N into edges.tsv, held until every task completed: the ranked list one `grn predict OPTIONS` writes.
/// </summary>
public static class SlurmPredictCommand
{
    public static Command Build()
    {
        var o = new PredictOptions();
        var shards = new Option<int>("--shards") { Description = "Number of array tasks; task i scores shard i/N.", Required = true };
        var slurm = new SlurmOptionSet();
        var command = new Command("predict", "Write (and with --submit, submit) a Slurm array with one task per shard of grn predict, and the merge job after it.");
        foreach (var option in o.Scoring.Concat([shards, o.Output]).Concat(slurm.All)) command.Options.Add(option);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var resources = slurm.Read(parse);
            string outPath = PredictCommand.RequireOutFile(parse.GetValue(o.Output));
            var source = WeightsSource.Open(parse.GetValue(o.Weights) ?? throw new GrnException("--weights is required: a .safetensors file or a training run folder"),
                Console.Error.WriteLine);
            int n = parse.GetValue(shards);
            if (n < 1) throw new GrnException($"--shards {n}: expected at least 1");
            long pairs = PairCount(parse, o, source.Info.Kind);
            if (n > pairs) throw new GrnException($"--shards {n}: there are only {pairs} pairs to score, so at most {pairs} shards (each task scores at least one)");
            string full = Path.GetFullPath(outPath);
            string jobs = SlurmSubmission.RequireJobsFolder(parse.GetValue(slurm.Jobs) ?? full + ".slurm");
            string shardDir = Path.Combine(jobs, SlurmSubmission.Shards);
            ClearShards(shardDir);

            string grn = parse.GetValue(slurm.GrnCommand) ?? GrnLauncher.Current();
            string args = ShellWords.Join(PassThrough.Arguments(parse, slurm.All.Concat([o.Output, shards])));
            string shardWord = ShellWords.Quote(shardDir);
            string comment = $"Written by grn slurm predict: {n} shards, one array task each, then the merge into {ShellWords.Quote(full)}.";
            var array = new SlurmJob("grn-predict",
                $"exec {grn} predict {args} --shard \"$SLURM_ARRAY_TASK_ID/{n}\" --out {shardWord}/edges-\"$SLURM_ARRAY_TASK_ID\".tsv", n, comment);
            // Brace expansion names every shard file, so a shard that never finished is named by the merge, not skipped.
            var merge = new SlurmJob("grn-predict-merge",
                $"exec {grn} predict --merge {shardWord}/edges-{{0..{n - 1}}}.tsv --out {ShellWords.Quote(full)}", null, comment);
            return SlurmSubmission.Write(jobs, array, merge, resources, parse.GetValue(slurm.Submit));
        }));
        return command;
    }

    /// <summary>The pairs the tasks will score between them, counted from the inputs as predict enumerates them.</summary>
    private static long PairCount(ParseResult parse, PredictOptions o, ModelKind kind)
    {
        bool all = parse.GetValue(o.AllPairs);
        string? pairFile = parse.GetValue(o.Set.Pairs);
        if (all == (pairFile != null)) throw new GrnException("give either --pairs FILE or --all-pairs");
        if (pairFile != null) return PairListReader.Read(pairFile).Pairs.Count;
        if (kind == ModelKind.Rna)
        {
            var files = parse.GetValue(o.Set.Expression) ?? [];
            if (files.Length == 0) throw new GrnException("--all-pairs with the rna model needs --expression tables (TFs first, then genes)");
            var tfs = ExpressionTableReader.Read(files[0]);
            var genes = files.Length == 1 ? tfs : ExpressionTableReader.ReadAll(files.Skip(1));
            // predict pairs every TF with every gene but itself.
            return (long)tfs.Count * genes.Count - tfs.Symbols.Count(s => genes.TryGet(s, out _));
        }
        string root = parse.GetValue(o.Set.Images) ?? throw new GrnException($"--all-pairs with the {kind.Name()} model needs --images ROOT");
        return Predictor.ImageStorePairs(ImageStore.Open(root)).Pairs.Count;
    }

    /// <summary>Shard lists of an earlier run would be merged with this one's if a task were skipped: they go first.</summary>
    private static void ClearShards(string shardDir)
    {
        if (!Directory.Exists(shardDir)) return;
        int removed = 0;
        foreach (var file in Directory.GetFiles(shardDir, "edges-*.tsv"))
        {
            File.Delete(file);
            removed++;
        }
        if (removed > 0) Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "removed {0} shard lists of an earlier run from {1}", removed, shardDir));
    }
}
