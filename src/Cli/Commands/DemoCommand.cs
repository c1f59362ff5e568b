using System.CommandLine;
using System.Diagnostics;
using GrnGpu.Cli.Common;
using GrnGpu.Engine.Devices;
using GrnGpu.Models;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Synthetic;
using GrnGpu.Models.Training;
using GrnGpu.Models.Training.Report;
using Spectre.Console;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn demo`: the whole product in one command. Generates a synthetic data set with a hidden regulatory graph,
/// trains the RNA model, SDINet and the fusion net briefly on the same random split, and prints one table: each
/// model's test metrics beside the baselines' on the same test pairs. Sized to finish in minutes on a 2-core CPU.
/// </summary>
public static class DemoCommand
{
    /// <summary>
    /// How long each model trains in the demo, on how many image pairs per gene pair, at what image size and rate.
    /// Half the seed's resolution (64 x 160) makes an image step four times cheaper, so a CPU gets enough steps in
    /// minutes for the image models to learn; the networks are the seed's, ending in global pooling either way.
    /// </summary>
    public sealed record DemoPlan(int RnaEpochs, int SdiNetEpochs, int FusionEpochs, int ImagePairsPerGenePair, int ImageHeight, int ImageWidth, double LearningRate);

    public static readonly DemoPlan Default = new(RnaEpochs: 20, SdiNetEpochs: 4, FusionEpochs: 4, ImagePairsPerGenePair: 8,
        ImageHeight: 64, ImageWidth: 160, LearningRate: 1e-3);

    public static Command Build()
    {
        var output = new Option<string>("--out") { Description = "Folder for the synthetic data and the three runs.", DefaultValueFactory = _ => "grn-demo" };
        var device = CommonOptions.Device();
        var seed = new Option<long>("--seed") { Description = "Seed of the synthetic data, the split and the training.", DefaultValueFactory = _ => 1 };
        var rnaEpochs = new Option<int>("--rna-epochs") { Description = "Epochs of the RNA model.", DefaultValueFactory = _ => Default.RnaEpochs };
        var imageEpochs = new Option<int>("--image-epochs") { Description = "Epochs of SDINet and of the fusion net.", DefaultValueFactory = _ => Default.SdiNetEpochs };
        var command = new Command("demo", "Generate synthetic data, train rna, sdinet and fusion briefly, and compare them with the baselines on the same test pairs.");
        foreach (var o in new Option[] { output, device, seed, rnaEpochs, imageEpochs }) command.Options.Add(o);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            var clock = Stopwatch.StartNew();
            string dir = parse.GetValue(output)!;
            long s = parse.GetValue(seed);
            var plan = Default with { RnaEpochs = parse.GetValue(rnaEpochs), SdiNetEpochs = parse.GetValue(imageEpochs), FusionEpochs = parse.GetValue(imageEpochs) };
            var compute = CommonOptions.OpenDevice(parse, parse.GetValue(device)!);
            string data = Path.Combine(dir, "data");
            var synth = SyntheticDataGenerator.Generate(data, new SyntheticOptions { Seed = s, ImageHeight = plan.ImageHeight, ImageWidth = plan.ImageWidth }, overwrite: true);
            Console.WriteLine($"synthetic data in {data}: {synth.Tfs} TFs, {synth.Targets} targets, {synth.Pairs} labelled pairs, {synth.Images} images");

            var reports = new List<RunReport>();
            foreach (var (kind, epochs) in new[] { (ModelKind.Rna, plan.RnaEpochs), (ModelKind.SdiNet, plan.SdiNetEpochs), (ModelKind.Fusion, plan.FusionEpochs) })
            {
                var options = new TrainOptions
                {
                    Data = new TrainingDataSource(kind, Path.Combine(data, "pairs.csv"),
                        [Path.Combine(data, "tf_dataset.csv"), Path.Combine(data, "gene_dataset.csv")], Path.Combine(data, "images"),
                        MaxImagePairs: plan.ImagePairsPerGenePair, MinImagePairs: plan.ImagePairsPerGenePair, ImageSeed: s),
                    Split = SplitKind.Random,
                    Epochs = epochs,
                    Seed = s,
                    LearningRate = plan.LearningRate,
                    ImageHeight = plan.ImageHeight,
                    ImageWidth = plan.ImageWidth,
                };
                string run = Path.Combine(dir, "runs", kind.Name());
                if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
                Console.WriteLine($"training {kind.Name()} for {epochs} epoch(s) into {run}");
                reports.Add(TrainingConsole.Run(p => TrainingRun.Fit(options, compute, run, resume: false, p, ReportFiles.WriteRun, "demo")));
            }

            var table = ReportTables.NewTable();
            foreach (var r in reports) ReportTables.AddRow(table, $"{r.Model} (epochs {r.EpochsRun}, best {r.BestEpoch})", r.Test);
            foreach (var b in reports[0].Baselines) ReportTables.AddRow(table, b.Method, b.Metrics);
            Console.WriteLine($"test gene pairs: {reports[0].TestPairs} (random split, fold 0; the same pairs for every row); images {plan.ImageHeight}x{plan.ImageWidth}; " +
                              $"device {compute}; {clock.Elapsed.TotalMinutes:F1} min");
            ReportTables.Write(table);
            return 0;
        }));
        return command;
    }
}
