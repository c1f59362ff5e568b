using System.Text.RegularExpressions;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Optim;
using GrnGpu.Models;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Networks;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Training;

/// <summary>
/// The README's code sample (under "Training") is this file's <see cref="Sample"/>, word for word: the test holds the two
/// equal, then runs the sample on the seed's data for one epoch and checks its test scores rank the pairs.
/// </summary>
public class ReadmeSampleTests
{
    private static List<float> Sample(string folder, int epochs)
    {
        // README sample begin
        var data = TrainingData.Load(new TrainingDataSource(ModelKind.Rna, Path.Combine(folder, "new_benchmark_dataset.csv"),
            [Path.Combine(folder, "tf_dataset.csv"), Path.Combine(folder, "gene_dataset.csv")]), NetworkDimensions.Full);
        var split = Splits.Make(SplitKind.Seed, data.Pairs)[0];          // fold 0 of the seed's protocol
        var device = DeviceRegistry.Open("auto");                       // a GPU if one works, else the cpu device
        using var model = new Model(NetworkFactory.Create(ModelKind.Rna, seed: 1), device);
        using var trainer = new Trainer(model, LearningRateSchedule.StepDecay(3e-4, 0.1, 40, 70, 90), seed: 1);
        var samples = data.Samples(model.Network, split.Train);         // one sample per pair (per image pair for image models)
        var loader = new BatchLoader(samples, batchSize: 32, seed: 1);
        for (int epoch = 0; epoch < epochs; epoch++)
            foreach (var batch in loader.Epoch(epoch))
            {
                var inputs = samples.Upload(device, batch);             // one tensor per network input
                trainer.Step(inputs, batch.Labels.AsSpan(0, batch.Count), epoch);
                foreach (var t in inputs) t.Dispose();
            }
        var calibration = loader.Epoch(0).Take(16).Select(b => samples.Upload(device, b)).ToList();
        trainer.RecalibrateBatchNorm(calibration);                      // exact batch-norm statistics (see above)
        foreach (var t in calibration.SelectMany(x => x)) t.Dispose();
        var test = data.Samples(model.Network, split.Test);             // score the test pairs, in order
        var scores = new List<float>();
        foreach (var batch in new BatchLoader(test, batchSize: 32, seed: 1, shuffle: false).Epoch(0))
        {
            var inputs = test.Upload(device, batch);
            scores.AddRange(trainer.Predict(inputs).Take(batch.Count));  // inference: moving statistics, no dropout
            foreach (var t in inputs) t.Dispose();
        }
        // README sample end
        return scores;
    }

    private static string Normalized(string code) => Regex.Replace(code, @"\s+", " ").Trim();

    [Fact]
    public void TheReadmeSampleIsThisFilesSample()
    {
        string root = Requirements.RepoRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var block = Regex.Match(readme, @"\n    // README sample begin\n(.*?)\n    // README sample end\n", RegexOptions.Singleline);
        Assert.True(block.Success, "README.md has no block between // README sample begin and // README sample end");
        string source = File.ReadAllText(Path.Combine(root, "tests", "GrnGpu.Tests", "Training", "ReadmeSampleTests.cs"));
        var mine = Regex.Match(source, @"// README sample begin\n(.*?)\n\s*// README sample end", RegexOptions.Singleline);
        Assert.Equal(Normalized(mine.Groups[1].Value), Normalized(block.Groups[1].Value));
    }

    [Fact]
    public void TheSampleTrainsAndScoresTheSeedsTestPairs()
    {
        string folder = Requirements.SharedData("seed-rna");
        var scores = Sample(folder, epochs: 1);
        var data = TrainingData.Load(new TrainingDataSource(ModelKind.Rna, Path.Combine(folder, "new_benchmark_dataset.csv"),
            [Path.Combine(folder, "tf_dataset.csv"), Path.Combine(folder, "gene_dataset.csv")]), NetworkDimensions.Full);
        var test = Splits.Make(SplitKind.Seed, data.Pairs)[0].Test;
        Assert.Equal(test.Length, scores.Count);
        var labels = test.Select(data.Label).ToArray();
        double auroc = RankingMetrics.Auroc(labels, scores.Select(s => (double)s).ToArray());
        // One epoch of the RNA model already ranks the seed's fold-0 test pairs far above chance (|r| alone: 0.959).
        Assert.True(auroc > 0.75, $"AUROC {auroc}");
    }
}
