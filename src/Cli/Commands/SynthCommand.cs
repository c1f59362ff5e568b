using System.CommandLine;
using System.Diagnostics;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Models.Data.Synthetic;

namespace GrnGpu.Cli.Commands;

/// <summary>`grn synth`: writes a synthetic data set with a known regulatory graph in the seed's layout.</summary>
public static class SynthCommand
{
    public static Command Build()
    {
        var defaults = new SyntheticOptions();
        var outDir = new Option<string>("--out") { Description = "Output folder (created; a previous synthetic set there is replaced only with --force).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Random seed; the same seed gives byte-identical files.", DefaultValueFactory = _ => defaults.Seed };
        var tfs = new Option<int>("--tfs") { Description = "Number of transcription factors.", DefaultValueFactory = _ => defaults.Tfs };
        var targets = new Option<int>("--targets") { Description = "Number of target genes.", DefaultValueFactory = _ => defaults.Targets };
        var samples = new Option<int>("--samples") { Description = "RNA-seq samples per gene.", DefaultValueFactory = _ => defaults.Samples };
        var images = new Option<int>("--images-per-gene") { Description = "Images per gene per view (3 views).", DefaultValueFactory = _ => defaults.ImagesPerGene };
        var mismatch = new Option<double>("--mismatched-domains") { Description = "Fraction of targets whose stain ignores their regulators.", DefaultValueFactory = _ => defaults.MismatchedDomainRate };
        var noisy = new Option<double>("--noisy-expression") { Description = "Fraction of targets with expression buried in noise.", DefaultValueFactory = _ => defaults.NoisyExpressionRate };
        var labelNoise = new Option<double>("--label-noise") { Description = "Fraction of pair labels flipped.", DefaultValueFactory = _ => defaults.LabelNoise };
        var format = new Option<string>("--format") { Description = "Expression table format: csv (the only one written so far).", DefaultValueFactory = _ => "csv" };
        var region = new Option<string?>("--signal-region")
        {
            Description = "Write the pair label into this region of every image only (x0,y0,x1,y1 as fractions of width and height, e.g. 0.15,0.3,0.45,0.7): " +
                          "each gene shows a code there, regulated targets copy their regulator's, stain elsewhere is unrelated to the label. For testing grn explain.",
        };
        var force = new Option<bool>("--force") { Description = "Replace a previous synthetic data set in --out." };

        var cmd = new Command("synth", "Generate a synthetic data set (images, expression tables, labelled pairs) with a hidden regulatory graph.");
        foreach (var o in new Option[] { outDir, seed, tfs, targets, samples, images, mismatch, noisy, labelNoise, format, region, force })
            cmd.Options.Add(o);
        cmd.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            string fmt = parse.GetValue(format) ?? "csv";
            if (!fmt.Equals("csv", StringComparison.OrdinalIgnoreCase))
                throw new GrnException($"--format {fmt}: only csv is written (the tables can be opened in a spreadsheet and saved as xlsx)");
            var options = new SyntheticOptions
            {
                Seed = parse.GetValue(seed),
                Tfs = parse.GetValue(tfs),
                Targets = parse.GetValue(targets),
                Samples = parse.GetValue(samples),
                ImagesPerGene = parse.GetValue(images),
                MismatchedDomainRate = parse.GetValue(mismatch),
                NoisyExpressionRate = parse.GetValue(noisy),
                LabelNoise = parse.GetValue(labelNoise),
                SignalRegion = parse.GetValue(region) is string r ? SignalRegion.Parse(r) : null,
            };
            var watch = Stopwatch.StartNew();
            var s = ConsoleProgress.Run(progress => SyntheticDataGenerator.Generate(parse.GetValue(outDir)!, options, parse.GetValue(force), progress));
            Console.WriteLine($"wrote {s.OutputDirectory}: {s.Tfs} TFs, {s.Targets} targets, {s.Edges} true edges, " +
                              $"{s.Pairs} labelled pairs ({s.PositivePairs} positive), {s.Images} images in {watch.Elapsed.TotalSeconds:F1} s");
            return 0;
        }));
        return cmd;
    }
}
