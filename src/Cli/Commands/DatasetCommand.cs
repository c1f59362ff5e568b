using System.CommandLine;
using GrnGpu.Models.Data;

namespace GrnGpu.Cli.Commands;

/// <summary>`grn dataset build`: expression tables + pair list -> X.npy, y.npy, pairs.tsv.</summary>
public static class DatasetCommand
{
    public static Command Build()
    {
        var dataset = new Command("dataset", "Build model inputs from expression tables and a pair list.");
        dataset.Subcommands.Add(BuildCommand());
        return dataset;
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
        // --images ROOT (ISH image pairs) will be added here and passed to the image builder.

        var command = new Command("build", "Write X.npy (N x 1 x B x B scaled 2-D histograms), y.npy and pairs.tsv.");
        foreach (var option in new Option[] { expression, pairs, aliases, skipMissing, bins, output })
            command.Options.Add(option);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var source = PairDataOptions.Source(parse, expression, pairs, aliases, skipMissing);
            var result = DatasetBuilder.Build(source, parse.GetValue(output)!, parse.GetValue(bins), Console.Error.WriteLine);
            Console.WriteLine($"wrote {result.PairCount} pairs ({result.Bins}x{result.Bins} bins{(result.WroteLabels ? ", labelled" : ", no labels: y.npy not written")}) to {result.OutDir}");
            return 0;
        }));
        return command;
    }
}
