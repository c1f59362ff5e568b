using System.Globalization;
using System.Text.Json;
using GrnGpu.Models.Checkpoints;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Training;

/// <summary>`grn train`, `evaluate`, `predict` and `cv` run as a user runs them, on a small synthetic set.</summary>
public class TrainCliTests(SyntheticSet data) : IClassFixture<SyntheticSet>
{
    /// <summary>`grn train` on the synthetic set; <paramref name="extra"/> adds options or replaces the defaults' values.</summary>
    private string[] Train(string run, params string[] extra)
    {
        string[] defaults = ["--model", "rna", "--split", "random", "--epochs", "2", "--bn-batches", "2", "--device", "cpu", "--out", run];
        var args = new List<string> { "train" };
        var overridden = extra.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet();
        for (int i = 0; i < defaults.Length; i += 2)
            if (!overridden.Contains(defaults[i])) args.AddRange([defaults[i], defaults[i + 1]]);
        if (!overridden.Contains("--pairs")) args.AddRange(data.RnaData);
        else args.AddRange(data.RnaData[..4]);
        args.AddRange(extra);
        return [.. args];
    }

    [Fact]
    public void TrainWritesAWholeRunThatEvaluateAndPredictRead()
    {
        string run = data.Scratch("run");
        var r = CliRunner.Run(Train(run));
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        foreach (var f in new[] { "config.json", "history.csv", "best.safetensors", "metrics.json", "predictions.tsv", "last/model.safetensors",
                     "last/model.optimizer.safetensors", "last/state.json" })
            Assert.True(File.Exists(Path.Combine(run, f)), f + " missing");
        Assert.Empty(Directory.GetFiles(run, ".*.tmp"));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "history.csv")).Length);   // header + 2 epochs

        var report = RunReport.Read(Path.Combine(run, "metrics.json"));
        Assert.Equal("rna", report.Model);
        Assert.Equal(2, report.EpochsRun);
        Assert.Equal(["pearson", "spearman", "mi"], report.Baselines.Select(b => b.Method));
        Assert.Equal(report.TestPairs, File.ReadAllLines(Path.Combine(run, "predictions.tsv")).Length - 1);
        // The AUROC reported is the one of the scores written: the Mann-Whitney statistic of predictions.tsv, ties counted half.
        Assert.Equal(MannWhitneyAuroc(Path.Combine(run, "predictions.tsv")), report.Test.Auroc, 9);

        // evaluate on the run folder scores the same test fold with the same weights and threshold: the same numbers.
        string eval = data.Scratch("eval");
        var e = CliRunner.Run("evaluate", "--weights", run, "--device", "cpu", "--out", eval);
        Assert.True(e.ExitCode == 0, e.Stderr);
        using var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(eval, "metrics.json")));
        var metrics = evaluation.RootElement.GetProperty("metrics");
        Assert.Equal(report.Test.Auroc, metrics.GetProperty("auroc").GetDouble(), 12);
        Assert.Equal(report.Test.Accuracy, metrics.GetProperty("accuracy").GetDouble(), 12);

        // predict: every pair of the list, ranked by score, then the same pairs split over two shards.
        string edges = data.Scratch("edges.tsv");
        var p = CliRunner.Run(["predict", "--weights", Path.Combine(run, "best.safetensors"), .. data.RnaData, "--device", "cpu", "--out", edges]);
        Assert.True(p.ExitCode == 0, p.Stderr);
        var all = EdgeList.Read(edges);
        Assert.Equal(data.PairCount, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(x => x.First.Score >= x.Second.Score), "edge list not ranked");
        var sharded = new List<ScoredEdge>();
        for (int i = 0; i < 2; i++)
        {
            string part = Path.Combine(Path.GetDirectoryName(edges)!, $"edges-{i}.tsv");
            Assert.Equal(0, CliRunner.Run(["predict", "--weights", run, .. data.RnaData, "--device", "cpu", "--shard", $"{i}/2", "--out", part]).ExitCode);
            sharded.AddRange(EdgeList.Read(part));
        }
        Assert.Equal(all.OrderBy(x => x.Tf + x.Target).Select(x => (x.Tf, x.Target, x.Score)),
            sharded.OrderBy(x => x.Tf + x.Target).Select(x => (x.Tf, x.Target, x.Score)));
    }

    [Fact]
    public void AllPairsScoresEveryTfAgainstEveryGene()
    {
        string run = data.Scratch("run");
        Assert.Equal(0, CliRunner.Run(Train(run, "--epochs", "1", "--baselines", "none")).ExitCode);
        string edges = data.Scratch("all.tsv");
        var p = CliRunner.Run("predict", "--weights", run, "--all-pairs", "--expression", data.RnaData[1], "--expression", data.RnaData[3],
            "--device", "cpu", "--out", edges);
        Assert.True(p.ExitCode == 0, p.Stderr);
        Assert.Contains("pairs/s", p.Stdout);
        var all = EdgeList.Read(edges);
        Assert.Equal(12 * 60, all.Count);
        Assert.Equal(12 * 60, all.Select(e => (e.Tf, e.Target)).Distinct().Count());
    }

    [Fact]
    public void CvFoldsRunApartAndMerge()
    {
        string cv = data.Scratch("cv");
        string[] common = ["cv", "--model", "rna", .. data.RnaData, "--split", "tf-held-out", "--folds", "3", "--epochs", "1", "--bn-batches", "1",
            "--baselines", "pearson", "--device", "cpu", "--out", cv];
        for (int f = 0; f < 3; f++)
        {
            var r = CliRunner.Run([.. common, "--fold", f.ToString(CultureInfo.InvariantCulture)]);
            Assert.True(r.ExitCode == 0, r.Stderr);
        }
        var m = CliRunner.Run("cv", "--merge", cv, "--out", cv);
        Assert.True(m.ExitCode == 0, m.Stderr);
        using var merged = JsonDocument.Parse(File.ReadAllText(Path.Combine(cv, "metrics.json")));
        Assert.Equal(3, merged.RootElement.GetProperty("folds").GetArrayLength());
        var mean = merged.RootElement.GetProperty("mean");
        Assert.True(mean.TryGetProperty("rna", out _) && mean.TryGetProperty("pearson", out _));
        // Every pair is tested exactly once over the folds.
        var tested = File.ReadAllLines(Path.Combine(cv, "predictions.tsv")).Skip(1).Select(l => string.Join('\t', l.Split('\t')[..2])).ToList();
        Assert.Equal(data.PairCount, tested.Count);
        Assert.Equal(data.PairCount, tested.Distinct().Count());
    }

    [Fact]
    public void ASecondRunIntoTheSameFolderIsRefused()
    {
        string run = data.Scratch("run");
        Assert.Equal(0, CliRunner.Run(Train(run, "--epochs", "1", "--baselines", "none")).ExitCode);
        var again = CliRunner.Run(Train(run, "--epochs", "1"));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds a training run; continue it with --resume", again.Stderr);
    }

    public static TheoryData<string, string[], string> BadInputs => new()
    {
        { "missing pair file", ["--pairs", "/nonexistent/pairs.csv"], "/nonexistent/pairs.csv" },
        { "fold out of range", ["--fold", "7"], "--fold 7 is outside 0..4" },
        { "bad learning-rate steps", ["--lr-steps", "40,x"], "'x' is not a whole number" },
        { "missing images root", ["--model", "sdinet", "--images", "/nonexistent/images"], "/nonexistent/images: image store not found" },
        { "unknown monitor", ["--monitor", "f1"], "--monitor f1: expected val-auroc or val-loss" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputGetsOneClearLine(string what, string[] extra, string expected)
    {
        string run = data.Scratch("run");
        var r = CliRunner.Run(Train(run, extra));
        Assert.True(r.ExitCode == 2, what + ": exit " + r.ExitCode + " " + r.Stdout);
        Assert.Contains(expected, r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(Path.Combine(run, "best.safetensors")), what + ": left weights behind");
    }

    [Fact]
    public void WeightsOfAnImageModelWithoutImagesAreRefused()
    {
        string weights = data.Scratch("sdinet.safetensors");
        var network = GrnGpu.Models.Networks.NetworkFactory.Create(GrnGpu.Models.ModelKind.SdiNet, GrnGpu.Models.Networks.NetworkDimensions.Full);
        WeightsCheckpoint.Save(weights, network, network.Parameters.Select(p => p.Initial).ToList(), epoch: 0);
        var r = CliRunner.Run(["evaluate", "--weights", weights, .. data.RnaData, "--device", "cpu-ref"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("the sdinet model reads in situ images: give --images", r.Stderr);
    }

    [Fact]
    public void AnImagesRootWithoutAUsablePairIsRefused()
    {
        // Images of genes that are in no pair: a store in the right layout that yields no usable pair.
        string empty = data.Scratch("images");
        var image = Directory.EnumerateFiles(data.Images, "*.bmp", SearchOption.AllDirectories).First();
        foreach (var role in new[] { "tf", "gene" })
        {
            Directory.CreateDirectory(Path.Combine(empty, role, "noSuchGene", "lateral"));
            File.Copy(image, Path.Combine(empty, role, "noSuchGene", "lateral", "a.bmp"));
        }
        var r = CliRunner.Run(Train(data.Scratch("run"), "--model", "sdinet", "--images", empty));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"none of the {data.PairCount} gene pairs", r.Stderr);
    }

    [Fact]
    public void AnUnknownGeneIsNamed()
    {
        string pairs = data.Scratch("pairs.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(pairs)!);
        File.WriteAllText(pairs, File.ReadAllText(data.Pairs) + "synTF01,noSuchGene,1\n");
        var r = CliRunner.Run(Train(data.Scratch("run"), "--pairs", pairs));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("noSuchGene", r.Stderr);
    }

    [Fact]
    public void AOneClassSplitIsRefused()
    {
        string pairs = data.Scratch("pairs.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(pairs)!);
        File.WriteAllLines(pairs, File.ReadAllLines(data.Pairs).Select(l => l[..l.LastIndexOf(',')] + ",1"));
        var r = CliRunner.Run(Train(data.Scratch("run"), "--pairs", pairs));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("are all of class 1", r.Stderr);
    }

    /// <summary>
    /// The network is rebuilt at the input sizes the weights name, so what can disagree is the layers: weights of the
    /// small test network (other widths) are refused with the tensors named.
    /// </summary>
    [Fact]
    public void WeightsOfAnotherShapeAreRefused()
    {
        string weights = data.Scratch("small.safetensors");
        var network = GrnGpu.Models.Networks.NetworkFactory.Create(GrnGpu.Models.ModelKind.Rna, GrnGpu.Models.Networks.NetworkDimensions.Small);
        WeightsCheckpoint.Save(weights, network, network.Parameters.Select(p => p.Initial).ToList(), epoch: 0);
        var r = CliRunner.Run(["evaluate", "--weights", weights, .. data.RnaData, "--device", "cpu-ref"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("shape", r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>AUROC of a predictions.tsv (tf, target, label, score, ...): the share of (positive, negative) pairs ranked right, ties half.</summary>
    private static double MannWhitneyAuroc(string predictions)
    {
        var rows = File.ReadAllLines(predictions).Skip(1).Select(l => l.Split('\t'))
            .Select(f => (Label: int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture),
                Score: double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var positives = rows.Where(r => r.Label == 1).Select(r => r.Score).ToList();
        var negatives = rows.Where(r => r.Label == 0).Select(r => r.Score).ToList();
        Assert.NotEmpty(positives);
        Assert.NotEmpty(negatives);
        double wins = positives.Sum(p => negatives.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0.0));
        return wins / ((double)positives.Count * negatives.Count);
    }
}
