using System.CommandLine;
using System.Globalization;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Training;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn predict --weights W (--pairs P | --all-pairs) --out edges.tsv`: scores gene pairs (no labels needed) and
/// writes a ranked edge list. `--shard i/N` scores one slice, so a genome-scale run can be spread over machines.
/// </summary>
public static class PredictCommand
{
    public static Command Build()
    {
        var o = new PredictOptions();
        var set = o.Set;
        var merge = new Option<string[]>("--merge")
        {
            Description = "Join the edge lists of every shard of one --shard i/N run (N files) into the ranked list one run writes.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("predict", "Score gene pairs with trained weights and write a ranked edge list.");
        foreach (var option in o.Scoring.Concat([o.Shard, o.Output, merge])) command.Options.Add(option);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            string outPath = RequireOutFile(parse.GetValue(o.Output));
            if (parse.GetValue(merge) is { Length: > 0 } shards)
            {
                var merged = ShardMerge.Read(shards);
                EdgeList.Write(outPath, merged);
                Console.WriteLine($"wrote {outPath}: {merged.Count} scored pairs from {shards.Length} shards");
                return 0;
            }
            var source = WeightsSource.Open(parse.GetValue(o.Weights) ?? throw new GrnException("--weights is required: a .safetensors file or a training run folder"),
                Console.Error.WriteLine);
            var slice = Shard.Parse(parse.GetValue(o.Shard));
            bool all = parse.GetValue(o.AllPairs);
            if (all == (parse.GetValue(set.Pairs) != null)) throw new GrnException("give either --pairs FILE or --all-pairs");
            var device = CommonOptions.OpenDevice(parse, parse.GetValue(set.Device)!);
            using var trainer = source.Load(device);
            var kind = source.Info.Kind;
            int batch = parse.GetValue(set.Batch);
            PredictionResult result;
            if (all && kind == ModelKind.Rna)
            {
                var files = parse.GetValue(set.Expression) ?? [];
                if (files.Length == 0) throw new GrnException("--all-pairs with the rna model needs --expression tables (TFs first, then genes)");
                var tfs = ExpressionTableReader.Read(files[0]);
                var genes = files.Length == 1 ? tfs : ExpressionTableReader.ReadAll(files.Skip(1));
                result = Predictor.ScoreAllPairs(trainer, tfs, genes, slice, batch);
            }
            else
            {
                PairList? list = null;
                if (all)
                {
                    string root = parse.GetValue(set.Images) ?? throw new GrnException($"--all-pairs with the {kind.Name()} model needs --images ROOT");
                    list = Predictor.ImageStorePairs(ImageStore.Open(root));
                }
                var data = set.DataSource(parse, kind, list?.Source);
                var loaded = TrainingData.Load(data, trainer.Model.Network.Dimensions, Console.Error.WriteLine, list);
                result = Predictor.ScorePairs(trainer, loaded, slice, batch);
            }
            EdgeList.Write(outPath, result.Edges, withOrder: parse.GetValue(o.Shard) != null);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "wrote {0}: {1} scored pairs in {2:F1} s ({3:F1} pairs/s){4}{5}",
                outPath, result.Edges.Count, result.Seconds, result.PairsPerSecond,
                slice.Count > 1 ? $", shard {slice.Index}/{slice.Count}" : "",
                result.Unscored > 0 ? $"; {result.Unscored} pairs had too few image pairs and were not scored" : ""));
            return 0;
        }));
        return command;
    }

    /// <summary>Checks --out names a file that may be written (not a folder, not inside another output set).</summary>
    public static string RequireOutFile(string? outPath)
    {
        if (string.IsNullOrWhiteSpace(outPath)) throw new GrnException("--out is required: the edge list file to write");
        if (Directory.Exists(outPath)) throw new GrnException($"--out {outPath} is a folder, expected the edge list file to write");
        GrnGpu.Models.Data.Output.OutputChecks.RequireNotInsideAnotherSet(outPath, isFile: true);
        return outPath;
    }
}
