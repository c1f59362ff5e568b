using System.Globalization;
using System.Text.Json;
using GrnGpu.Models.Checkpoints;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Training;

/// <summary>
/// Issue 22: runs that never mislead. Each test is one class of problem a user met: a failed run in the way of its
/// retry, options ignored, folders written by a command that does not own them, leaks between splits, unverifiable
/// run folders. Small inputs (one or two epochs of the rna model on the synthetic set), the real `grn` process.
/// </summary>
public class HonestRunTests(SyntheticSet data) : IClassFixture<SyntheticSet>
{
    private string Tf => data.RnaData[1];
    private string Genes => data.RnaData[3];

    private string[] Train(string run, params string[] extra)
    {
        var args = new List<string> { "train", "--model", "rna", "--split", "random", "--epochs", "1", "--bn-batches", "1", "--baselines", "none", "--device", "cpu", "--out", run };
        var overridden = extra.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet();
        for (int i = args.Count - 2; i >= 1; i -= 2)
            if (overridden.Contains(args[i])) args.RemoveRange(i, 2);
        if (!overridden.Contains("--pairs")) args.AddRange(["--pairs", data.Pairs]);
        if (!overridden.Contains("--expression")) args.AddRange(["--expression", Tf, "--expression", Genes]);
        args.AddRange(extra);
        return [.. args];
    }

    private string TrainedRun(params string[] extra)
    {
        string run = data.Scratch("run");
        var r = CliRunner.Run(Train(run, extra));
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        return run;
    }

    private string WriteFile(string name, IEnumerable<string> lines)
    {
        string path = data.Scratch(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static void OneCleanLine(CliRunner.Result r)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.DoesNotContain(".tmp", r.Stderr);
    }

    /// <summary>Item 1: a train that fails (here: every label 1) leaves no folder, so the retry with good data just runs.</summary>
    [Fact]
    public void AFailedTrainLeavesNothingAndItsRetryRuns()
    {
        string run = data.Scratch("run");
        string ones = WriteFile("ones.csv", File.ReadAllLines(data.Pairs).Select(l => l[..l.LastIndexOf(',')] + ",1"));
        var failed = CliRunner.Run(Train(run, "--pairs", ones));
        OneCleanLine(failed);
        Assert.Contains("all of class 1", failed.Stderr);
        Assert.False(Directory.Exists(run), "the failed run left its folder: " + string.Join(", ", Directory.Exists(run) ? Directory.GetFileSystemEntries(run) : []));

        // An empty folder given by the user stays, emptied of what the run made; an unknown gene fails the same way.
        Directory.CreateDirectory(run);
        string unknown = WriteFile("unknown.csv", File.ReadAllLines(data.Pairs).Append("synTF01,noSuchGene,1"));
        OneCleanLine(CliRunner.Run(Train(run, "--pairs", unknown)));
        Assert.Empty(Directory.GetFileSystemEntries(run));

        var retry = CliRunner.Run(Train(run));
        Assert.True(retry.ExitCode == 0, retry.Stderr + retry.Stdout);
        Assert.Equal(1, RunReport.Read(Path.Combine(run, "metrics.json")).EpochsRun);
    }

    /// <summary>Item 2: evaluate on a run folder scores the fold it is asked for, refuses one out of range, and says where the threshold came from.</summary>
    [Fact]
    public void EvaluateOfARunFolderHonoursFoldAndSplit()
    {
        string run = TrainedRun();
        var outOfRange = CliRunner.Run("evaluate", "--weights", run, "--fold", "7", "--device", "cpu");
        OneCleanLine(outOfRange);
        Assert.Contains("--fold 7 is outside 0..4", outOfRange.Stderr);

        // Fold 2 of the run's split, from the run folder alone, equals the same fold named in full on the weights file.
        string a = data.Scratch("eval-a"), b = data.Scratch("eval-b");
        var e = CliRunner.Run("evaluate", "--weights", run, "--fold", "2", "--device", "cpu", "--out", a);
        Assert.True(e.ExitCode == 0, e.Stderr);
        Assert.Contains("fold 2", e.Stderr);   // warned: fold 2's test pairs may be fold 0's training pairs
        var f = CliRunner.Run(["evaluate", "--weights", Path.Combine(run, "best.safetensors"), .. data.RnaData, "--split", "random", "--fold", "2",
            "--baselines", "none", "--device", "cpu", "--out", b]);
        Assert.True(f.ExitCode == 0, f.Stderr);
        using var x = JsonDocument.Parse(File.ReadAllText(Path.Combine(a, "metrics.json")));
        using var y = JsonDocument.Parse(File.ReadAllText(Path.Combine(b, "metrics.json")));
        Assert.Equal(y.RootElement.GetProperty("genePairs").GetInt32(), x.RootElement.GetProperty("genePairs").GetInt32());
        Assert.Equal(y.RootElement.GetProperty("metrics").GetProperty("auroc").GetDouble(), x.RootElement.GetProperty("metrics").GetProperty("auroc").GetDouble(), 12);
        Assert.Equal(File.ReadAllLines(Path.Combine(b, "predictions.tsv")), File.ReadAllLines(Path.Combine(a, "predictions.tsv")));
        Assert.Equal("2", File.ReadAllLines(Path.Combine(a, "predictions.tsv"))[1].Split('\t')[4]);
        Assert.DoesNotContain("--threshold", x.RootElement.GetProperty("thresholdRule").GetString());

        // Its own fold: the run's threshold, said to be the run's choice, not "fixed by --threshold".
        string c = data.Scratch("eval-c");
        Assert.Equal(0, CliRunner.Run("evaluate", "--weights", run, "--device", "cpu", "--out", c).ExitCode);
        using var z = JsonDocument.Parse(File.ReadAllText(Path.Combine(c, "metrics.json")));
        Assert.Equal(RunReport.Read(Path.Combine(run, "metrics.json")).Threshold, z.RootElement.GetProperty("threshold").GetDouble());
        Assert.Contains("the run's own", z.RootElement.GetProperty("thresholdRule").GetString());
    }

    /// <summary>Item 3: evaluate --out never writes into a run folder, and an --out that is a file fails before the evaluation.</summary>
    [Fact]
    public void EvaluateNeverWritesIntoARunFolder()
    {
        string run = TrainedRun();
        var before = Directory.GetFiles(run, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.ReadAllBytes);
        foreach (var target in new[] { run, Path.Combine(run, "eval") })
        {
            var r = CliRunner.Run("evaluate", "--weights", run, "--device", "cpu", "--out", target);
            OneCleanLine(r);
            Assert.Contains("training run", r.Stderr);
        }
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(run, "*", SearchOption.AllDirectories).Order());
        foreach (var (path, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(path));

        string file = WriteFile("results.txt", ["mine"]);
        var onFile = CliRunner.Run("evaluate", "--weights", run, "--device", "cpu", "--out", file);
        OneCleanLine(onFile);
        Assert.Contains(file, onFile.Stderr);
        Assert.DoesNotContain("threshold", onFile.Stdout);   // refused before anything was scored
        Assert.Equal(["mine"], File.ReadAllLines(file));
    }

    /// <summary>Item 4: a repeated line is merged (the pair is on one side only), one sample is refused, a constant gene named.</summary>
    [Fact]
    public void RepeatsAreMergedTooFewSamplesRefusedConstantGenesNamed()
    {
        var lines = File.ReadAllLines(data.Pairs).Where(l => l.Length > 0).ToList();
        string repeated = WriteFile("repeated.csv", lines.Concat(lines.Take(3)));
        string run = data.Scratch("run");
        var r = CliRunner.Run(Train(run, "--pairs", repeated));
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("3 line(s) repeat an earlier pair", r.Stdout + r.Stderr);
        var report = RunReport.Read(Path.Combine(run, "metrics.json"));
        Assert.Equal(lines.Count, report.TrainPairs + report.ValidationPairs + report.TestPairs);

        string oneSample = WriteFile("one.csv", File.ReadAllLines(Tf).Select(l => string.Join(',', l.Split(',')[..3])));
        string genesOne = WriteFile("genes-one.csv", File.ReadAllLines(Genes).Select(l => string.Join(',', l.Split(',')[..3])));
        var one = CliRunner.Run(Train(data.Scratch("run"), "--expression", oneSample, "--expression", genesOne));
        OneCleanLine(one);
        Assert.Contains("1 sample(s) per gene; at least 3 are needed", one.Stderr);

        var tf = File.ReadAllLines(Tf);
        var cells = tf[0].Split(',');
        tf[0] = string.Join(',', cells.Take(2).Concat(cells.Skip(2).Select(_ => "4.5")));
        string constant = WriteFile("constant.csv", tf);
        var c = CliRunner.Run(Train(data.Scratch("run"), "--expression", constant, "--expression", Genes));
        Assert.True(c.ExitCode == 0, c.Stderr + c.Stdout);
        Assert.Contains($"the same expression in every sample (zero variance; correlations with them are undefined): {cells[0]}", c.Stdout + c.Stderr);
    }

    /// <summary>Item 5: cv --merge refuses a set with a fold missing, and folds trained with other options, naming both folders.</summary>
    [Fact]
    public void CvMergeRefusesIncompleteAndMismatchedFolds()
    {
        string cv = data.Scratch("cv");
        string[] common = ["cv", "--model", "rna", .. data.RnaData, "--split", "random", "--folds", "2", "--epochs", "1", "--bn-batches", "1",
            "--baselines", "none", "--device", "cpu", "--out", cv];
        Assert.Equal(0, CliRunner.Run([.. common, "--fold", "0"]).ExitCode);
        var partial = CliRunner.Run("cv", "--merge", cv, "--out", cv);
        OneCleanLine(partial);
        Assert.Contains("fold(s) 1 of the 2 folds are missing", partial.Stderr);
        Assert.False(File.Exists(Path.Combine(cv, "metrics.json")));

        // Fold 1 trains (a run of its own), then the merge that would follow is refused.
        var trained = CliRunner.Run([.. common, "--fold", "1", "--lr", "0.01"]);
        OneCleanLine(trained);
        Assert.Equal(0, CliRunner.Run("verify", Path.Combine(cv, "fold-1")).ExitCode);
        var mixed = CliRunner.Run("cv", "--merge", cv, "--out", cv);
        OneCleanLine(mixed);
        Assert.Equal(trained.Stderr, mixed.Stderr);
        Assert.Contains(Path.Combine(cv, "fold-0"), mixed.Stderr);
        Assert.Contains(Path.Combine(cv, "fold-1"), mixed.Stderr);
        Assert.Contains("--lr", mixed.Stderr);
    }

    /// <summary>Item 6: --resume honours --epochs (and keeps config.json true), refuses fewer epochs than done and options it cannot change.</summary>
    [Fact]
    public void ResumeHonoursOrRefusesEveryOption()
    {
        string run = TrainedRun("--epochs", "2");
        var lr = CliRunner.Run("train", "--resume", run, "--lr", "0.1", "--device", "cpu");
        OneCleanLine(lr);
        Assert.Contains("--lr cannot be given with --resume", lr.Stderr);
        var fewer = CliRunner.Run("train", "--resume", run, "--epochs", "1", "--device", "cpu");
        OneCleanLine(fewer);
        Assert.Contains("has already finished 2 epochs", fewer.Stderr);

        var more = CliRunner.Run("train", "--resume", run, "--epochs", "3", "--device", "cpu");
        Assert.True(more.ExitCode == 0, more.Stderr + more.Stdout);
        Assert.Equal(3, TrainingRun.ReadConfig(run).Options.Epochs);
        Assert.Equal(3, RunReport.Read(Path.Combine(run, "metrics.json")).EpochsRun);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(run, "history.csv")).Length);
        Assert.Equal(0, CliRunner.Run("verify", run).ExitCode);
    }

    /// <summary>Item 7: an --out that holds other files (or a run nested inside) is refused, its files untouched.</summary>
    [Fact]
    public void AFolderThatIsNotThisRunIsRefused()
    {
        string mine = data.Scratch("mine");
        Directory.CreateDirectory(mine);
        File.WriteAllText(Path.Combine(mine, "notes.txt"), "keep");
        var r = CliRunner.Run(Train(mine));
        OneCleanLine(r);
        Assert.Contains("notes.txt", r.Stderr);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(mine).Select(Path.GetFileName));

        string outer = data.Scratch("outer");
        string inner = TrainedRun();
        Directory.CreateDirectory(outer);
        Directory.Move(inner, Path.Combine(outer, "inner"));
        var nested = CliRunner.Run(Train(outer));
        OneCleanLine(nested);
        Assert.False(File.Exists(Path.Combine(outer, "config.json")));
        Assert.Equal(0, CliRunner.Run("verify", Path.Combine(outer, "inner")).ExitCode);

        var cv = CliRunner.Run(["cv", "--model", "rna", .. data.RnaData, "--epochs", "1", "--device", "cpu", "--fold", "0", "--out", mine]);
        OneCleanLine(cv);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(mine).Select(Path.GetFileName));
    }

    /// <summary>Item 8: weights of another model put in a run folder are named as such, not as a data-set problem.</summary>
    [Fact]
    public void WeightsOfAnotherModelInARunFolderAreNamed()
    {
        string run = TrainedRun();
        var network = GrnGpu.Models.Networks.NetworkFactory.Create(GrnGpu.Models.ModelKind.SdiNet, GrnGpu.Models.Networks.NetworkDimensions.Full);
        WeightsCheckpoint.Save(Path.Combine(run, "best.safetensors"), network, network.Parameters.Select(p => p.Initial).ToList(), epoch: 0);
        File.Delete(Path.Combine(run, "manifest.json"));   // as if changed while unfinished
        var r = CliRunner.Run("evaluate", "--weights", run, "--device", "cpu");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("holds sdinet weights", r.Stderr);
        Assert.DoesNotContain("no images", r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr);
    }

    /// <summary>Item 9: a validation set that cannot separate the classes gives 0.5 and a warning, never an infinite threshold.</summary>
    [Fact]
    public void AValidationSetThatCannotPickAThresholdGivesHalf()
    {
        // The negative scores highest: the most accurate threshold calls every pair positive (-infinity).
        var scores = new PairScores([0, 1, 2], [0.2, 0.3, 0.9], [1, 1, 0], [0.2, 0.3, 0.9], [1, 1, 0], 0.7);
        var warnings = new List<string>();
        var (threshold, rule) = TrainingRun.ChooseThreshold(scores, "the validation gene pairs", warnings.Add);
        Assert.Equal(0.5, threshold);
        Assert.Contains("could not pick", rule);
        Assert.Contains("cannot pick a decision threshold", Assert.Single(warnings));

        var separable = new PairScores([0, 1, 2], [0.2, 0.3, 0.9], [0, 0, 1], [0.2, 0.3, 0.9], [0, 0, 1], 0.1);
        Assert.Equal(0.6, TrainingRun.ChooseThreshold(separable, "the validation gene pairs", warnings.Add).Threshold, 12);
        Assert.Single(warnings);
    }

    /// <summary>Item 10: run and data-set folders pass grn verify when whole and fail it, naming the file, when not; evaluate warns on an unfinished run.</summary>
    [Fact]
    public void RunFoldersAreVerifiable()
    {
        Assert.Equal(0, CliRunner.Run("verify", data.Root).ExitCode);
        string run = TrainedRun();
        var whole = CliRunner.Run("verify", run);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        Assert.Contains("whole 'train' set", whole.Stdout);

        File.AppendAllText(Path.Combine(run, "predictions.tsv"), "x\ty\t1\t0.5\t0\n");
        var changed = CliRunner.Run("verify", run);
        OneCleanLine(changed);
        Assert.Contains("predictions.tsv", changed.Stderr);

        string other = TrainedRun();
        File.Delete(Path.Combine(other, "roc.svg"));
        var missing = CliRunner.Run("verify", other);
        OneCleanLine(missing);
        Assert.Contains("roc.svg", missing.Stderr);
        var refused = CliRunner.Run("evaluate", "--weights", other, "--device", "cpu");
        OneCleanLine(refused);
        Assert.Contains("roc.svg", refused.Stderr);

        // A run killed during its final write: no manifest, so unfinished, said by verify and by evaluate.
        File.Delete(Path.Combine(other, "manifest.json"));
        var unfinished = CliRunner.Run("verify", other);
        OneCleanLine(unfinished);
        Assert.Contains("an unfinished training run", unfinished.Stderr);
        var warned = CliRunner.Run("evaluate", "--weights", other, "--device", "cpu");
        Assert.True(warned.ExitCode == 0, warned.Stderr);
        Assert.Contains("is an unfinished training run", warned.Stderr);
        var resumed = CliRunner.Run("train", "--resume", other, "--device", "cpu");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(0, CliRunner.Run("verify", other).ExitCode);
    }

    /// <summary>Item 11: dataset build reads the BDGP layout (ROOT/gene/stage/*) that train, evaluate and predict read.</summary>
    [Fact]
    public void DatasetBuildReadsTheBdgpLayout()
    {
        string bdgp = data.Scratch("bdgp");
        foreach (var role in new[] { "tf", "gene" })
        foreach (var gene in Directory.GetDirectories(Path.Combine(data.Images, role)))
        {
            string stage = Path.Combine(bdgp, Path.GetFileName(gene), "stage-4-6");
            Directory.CreateDirectory(stage);
            foreach (var image in Directory.GetFiles(Path.Combine(gene, "lateral")).Take(1))
                File.Copy(image, Path.Combine(stage, Path.GetFileName(image)), overwrite: true);
        }
        string dataset = data.Scratch("dataset");
        var r = CliRunner.Run(["dataset", "build", .. data.RnaData, "--images", bdgp, "--min-image-pairs", "1", "--out", dataset]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"wrote {data.PairCount} image pairs of {data.PairCount} gene pairs", r.Stdout);
        Assert.Equal(0, CliRunner.Run("verify", dataset).ExitCode);
    }
}
