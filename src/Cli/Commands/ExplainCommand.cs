using System.CommandLine;
using System.Globalization;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Models;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Data.Synthetic;
using GrnGpu.Models.Explain;
using GrnGpu.Models.Training;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn explain --weights W --tf X --target Y --out DIR`: where in its inputs trained weights look when they score one
/// gene pair, by occlusion (default) or the input gradient, per image pair (or over the histogram), as PNG overlays and numbers.
/// </summary>
public static class ExplainCommand
{
    /// <summary>Manifest kind of `grn explain --out`.</summary>
    public const string Kind = "explanation";

    public static Command Build()
    {
        var set = new TrainingOptionSet();
        var weights = new Option<string>("--weights") { Description = "A .safetensors file, or a training run folder (its best.safetensors; its data unless --expression or --images are given).", Required = true };
        var tf = new Option<string>("--tf") { Description = "The pair's transcription factor.", Required = true };
        var target = new Option<string>("--target") { Description = "The pair's target gene.", Required = true };
        var region = new Option<string?>("--region") { Description = "Also report the share of the saliency inside this region of each image (x0,y0,x1,y1, fractions of width and height), as grn synth --signal-region takes it." };
        var method = new Option<string>("--method")
        {
            Description = $"How the map is made: {SaliencyMethod.Occlusion} (hide a tile of one image or of the histogram, score again; the map is how much " +
                          $"the score moves) or {SaliencyMethod.Gradient} (|d score / d input|, one backward pass).",
            DefaultValueFactory = _ => SaliencyMethod.Occlusion,
        };
        var patch = new Option<int?>("--patch") { Description = "With --method occlusion: the hidden tile's side in pixels (default: 1/8 of the image's or histogram's height)." };
        var output = new Option<string>("--out") { Description = $"Folder for the PNG overlays, {Explanation.JsonFile} and {Explanation.TsvFile} (written whole or not at all).", Required = true };
        var command = new Command("explain",
            "Saliency of one gene pair's score: which parts of its inputs the score depends on (occlusion by default, or the input gradient), as " +
            "heatmaps over each image pair (TF image above target image) or the RNA histogram, their mean, and where the mass lies.");
        foreach (var o in new Option[] { set.Expression, set.Images, set.Aliases, set.MaxImagePairs, set.Seed, set.Device, weights, tf, target, method, patch, region, output })
            command.Options.Add(o);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            string weightsPath = parse.GetValue(weights)!, outDir = parse.GetValue(output)!;
            var signal = parse.GetValue(region) is string r ? SignalRegion.Parse(r, "--region") : null;
            var saliency = SaliencyMethod.Parse(parse.GetValue(method)!, parse.GetValue(patch));
            OutputChecks.RequireNotInsideAnotherSet(outDir);
            OutputChecks.RequireOutside(outDir, [weightsPath]);
            using var outFolder = OutputFolder.Begin(outDir, new OutputRequest(Kind, CommandLine.Current()));
            var source = WeightsSource.Open(weightsPath, Console.Error.WriteLine);
            var data = DataSource(parse, set, source);
            var device = CommonOptions.OpenDevice(parse, parse.GetValue(set.Device)!);
            using var trainer = source.Load(device);
            var loaded = ExplainData.Load(data, parse.GetValue(tf)!, parse.GetValue(target)!, trainer.Model.Network.Dimensions, Console.Error.WriteLine);
            var summary = ConsoleProgress.Run(progress => Explanation.Write(trainer.Model, loaded, outFolder, saliency, signal, progress));
            outFolder.Set("model", source.Info.Kind.Name());
            outFolder.Set("samples", summary.Samples);
            outFolder.Set("method", saliency.Name);
            outFolder.Commit();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "wrote {0}: {1} {6} heatmap(s) and their mean, {2}, {3}; score {4:F4}{5}",
                outDir, summary.Samples, Explanation.JsonFile, Explanation.TsvFile, summary.Score,
                summary.RegionShare is double share ? $"; {share:P1} of the mean map's mass in --region ({summary.RegionArea:P1} of the area)" : "", saliency.Name));
            return 0;
        }));
        return command;
    }

    // The data the weights were trained on unless --expression or --images name other data, so the genes mean the same.
    private static TrainingDataSource DataSource(ParseResult parse, TrainingOptionSet set, WeightsSource source)
    {
        var kind = source.Info.Kind;
        bool given = (parse.GetValue(set.Expression) ?? []).Length > 0 || parse.GetValue(set.Images) != null;
        if (!given && source.Run is { } run)
            return run.Options.Data with { MaxImagePairs = parse.GetValue(set.MaxImagePairs), MinImagePairs = 1 };
        if (!given)
            throw new GrnException(NeedsData(kind));
        return new TrainingDataSource(kind, "--tf/--target", parse.GetValue(set.Expression) ?? [], parse.GetValue(set.Images), parse.GetValue(set.Aliases),
            SkipMissing: false, parse.GetValue(set.MaxImagePairs), MinImagePairs: 1, ImageSeed: parse.GetValue(set.Seed));
    }

    private static string NeedsData(ModelKind kind) => kind == ModelKind.Rna
        ? "--expression is required with a weights file (a run folder brings its own data): the tables holding --tf and --target"
        : $"--images ROOT is required with a weights file (a run folder brings its own data): the {kind.Name()} model reads the pair's in situ images" +
          (kind == ModelKind.Fusion ? ", and --expression its histogram" : "");
}
