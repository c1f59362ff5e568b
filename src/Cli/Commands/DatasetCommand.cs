using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Sets;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Cli.Commands;

/// <summary>`grn dataset build`: expression tables + pair list -> X.npy, y.npy, pairs.tsv.</summary>
public static class DatasetCommand
{
    public static Command Build()
    {
        var dataset = new Command("dataset", "Build model inputs from expression tables and a pair list.");
        dataset.Subcommands.Add(BuildCommand());
        dataset.Subcommands.Add(VerifyCommand());
        return dataset;
    }

    /// <summary>`grn dataset verify DIR`: what every reader checks first (manifest, sizes, SHA-256, pair counts).</summary>
    private static Command VerifyCommand()
    {
        var folder = new Argument<string>("folder") { Description = "A folder written by `grn dataset build`." };
        var command = new Command("verify", "Check that a data set folder is whole: its manifest, every file's size and SHA-256, the pair counts.");
        command.Arguments.Add(folder);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            string dir = parse.GetValue(folder)!;
            var manifest = DatasetBuilder.RequireWhole(dir);
            Console.WriteLine($"{dir}: whole data set of {manifest.Integer("pairs")} pairs, {manifest.Files.Count} files, written {manifest.CreatedUtc:yyyy-MM-dd HH:mm:ss}Z by `{manifest.Command}`");
            return 0;
        }));
        return command;
    }

    private static Command BuildCommand()
    {
        var expression = PairDataOptions.Expression();
        var pairs = PairDataOptions.Pairs();
        var aliases = PairDataOptions.Aliases();
        var skipMissing = PairDataOptions.SkipMissing();
        var bins = PairDataOptions.Bins();
        var output = new Option<string>("--out")
        {
            Description = "Output folder for X.npy, y.npy (when labelled) and pairs.tsv.",
            Required = true,
        };
        var images = new Option<string?>("--images")
        {
            Description = "Image store root (ROOT/tf/<gene>/<view>/*, ROOT/gene/<gene>/<view>/*): also write images.npy "
                + "(P x 2 x 128 x 320 SDINet inputs), image_gene_pairs.npy and image_pairs.tsv.",
        };
        var maxImagePairs = new Option<int?>("--max-image-pairs") { Description = "Cap of image pairs per gene pair (a seeded choice); default: all." };
        var minImagePairs = new Option<int>("--min-image-pairs") { Description = "Drop gene pairs with fewer image pairs (the seed: 6).", DefaultValueFactory = _ => 6 };
        var strictSize = new Option<bool>("--strict-size") { Description = "Drop images that are not 320 x 128 instead of resizing them (bilinear)." };
        var seed = new Option<long>("--seed") { Description = "Seed of the image-pair cap's choice.", DefaultValueFactory = _ => 0 };

        var command = new Command("build", "Write X.npy (N x 1 x B x B scaled 2-D histograms), y.npy and pairs.tsv.");
        foreach (var option in new Option[] { expression, pairs, aliases, skipMissing, bins, output, images, maxImagePairs, minImagePairs, strictSize, seed })
            command.Options.Add(option);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var source = PairDataOptions.Source(parse, expression, pairs, aliases, skipMissing);
            string? root = parse.GetValue(images);
            var imageOptions = root == null ? null : new ImageDatasetOptions(root, new ImagePairOptions
            {
                MaxImagePairsPerGenePair = parse.GetValue(maxImagePairs),
                MinImagePairs = parse.GetValue(minImagePairs),
                Seed = parse.GetValue(seed),
                Filter = new ImageFilterOptions { OffSize = parse.GetValue(strictSize) ? OffSizePolicy.Drop : OffSizePolicy.Resize },
            });
            var result = ConsoleProgress.Run(progress =>
                DatasetBuilder.Build(source, parse.GetValue(output)!, parse.GetValue(bins), Console.Error.WriteLine, imageOptions, progress));
            Console.WriteLine($"wrote {result.PairCount} pairs ({result.Bins}x{result.Bins} bins{(result.WroteLabels ? ", labelled" : ", no labels: y.npy not written")}) to {result.OutDir}");
            if (result.Images is { } im)
            {
                Console.WriteLine($"wrote {im.ImagePairs} image pairs of {im.GenePairsWithImages} gene pairs ({im.GenePairsDropped} gene pairs dropped with too few image pairs, " +
                                  $"{im.RejectedImages} images rejected{(im.RejectedImages > 0 ? $", listed in {ImageDatasetWriter.RejectedFile}" : "")})");
                if (parse.GetValue(CommonOptions.Verbose))
                    foreach (var r in im.Rejected ?? [])
                        Console.WriteLine($"rejected {r.Path}: {r.Reason}");
            }
            return 0;
        }));
        return command;
    }
}
