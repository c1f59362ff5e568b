using System.CommandLine;
using System.Globalization;
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
        var set = new TrainingOptionSet();
        var weights = new Option<string>("--weights") { Description = "A .safetensors file, or a training run folder (its best.safetensors).", Required = true };
        var allPairs = new Option<bool>("--all-pairs")
        {
            Description = "Score every TF against every gene: rna: TFs of the first --expression table against the genes of the others " +
                          "(one table: every gene against every other); image models: every gene with TF images against every gene with target images.",
        };
        var shard = new Option<string?>("--shard") { Description = "Score slice i of N of the pairs (0-based, e.g. 0/4)." };
        var output = new Option<string>("--out") { Description = "Edge list to write (TSV: tf, target, score; highest first).", Required = true };
        var command = new Command("predict", "Score gene pairs with trained weights and write a ranked edge list.");
        set.Batch.DefaultValueFactory = _ => 64;
        set.MinImagePairs.DefaultValueFactory = _ => 1;
        foreach (var o in set.Data.Where(o => o != set.Model).Concat([set.Batch, set.Seed, set.Device, weights, allPairs, shard, output]))
            command.Options.Add(o);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            string outPath = parse.GetValue(output)!;
            if (Directory.Exists(outPath)) throw new GrnException($"--out {outPath} is a folder, expected the edge list file to write");
            GrnGpu.Models.Data.Output.OutputChecks.RequireNotInsideAnotherSet(outPath, isFile: true);
            var source = WeightsSource.Open(parse.GetValue(weights)!, Console.Error.WriteLine);
            var slice = Shard.Parse(parse.GetValue(shard));
            bool all = parse.GetValue(allPairs);
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
            EdgeList.Write(outPath, result.Edges);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "wrote {0}: {1} scored pairs in {2:F1} s ({3:F1} pairs/s){4}{5}",
                outPath, result.Edges.Count, result.Seconds, result.PairsPerSecond,
                slice.Count > 1 ? $", shard {slice.Index}/{slice.Count}" : "",
                result.Unscored > 0 ? $"; {result.Unscored} pairs had too few image pairs and were not scored" : ""));
            return 0;
        }));
        return command;
    }
}
