using System.Text.Json;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Training;

/// <summary>
/// `grn cv` reports, per fold and over folds, the paired comparisons with each baseline, the |r| strata and the stacked
/// scorer; a one-class test fold is reported undefined and left out of the means; folds run with another --stack are
/// not merged. One epoch on the small synthetic set: the numbers are checked against each other, not for quality.
/// </summary>
public class CvStatisticsTests(SyntheticSet data) : IClassFixture<SyntheticSet>
{
    private string[] Cv(string dir, params string[] extra) =>
        ["cv", "--model", "rna", .. data.RnaData, "--epochs", "1", "--bn-batches", "1", "--device", "cpu", "--out", dir, .. extra];

    [Fact]
    public void EveryReportComparesPairedAndTheSummaryAveragesFolds()
    {
        string cv = data.Scratch("cv");
        var r = CliRunner.Run(Cv(cv, "--split", "random", "--folds", "3"));
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("model - baseline", r.Stdout);
        Assert.DoesNotContain("NaN", r.Stdout);

        var folds = Enumerable.Range(0, 3).Select(f => RunReport.Read(Path.Combine(cv, $"fold-{f}", "metrics.json"))).ToList();
        foreach (var f in folds)
        {
            Assert.Equal(["pearson", "spearman", "mi"], f.Comparisons!.Keys);
            var c = f.Comparisons["pearson"];
            // The difference is model minus baseline on the fold's test pairs, inside its own interval.
            Assert.Equal(f.Test.Auroc - f.Baselines.Single(b => b.Method == "pearson").Metrics.Auroc, c.AurocDiff, 12);
            Assert.Equal(f.Test.Aupr - f.Baselines.Single(b => b.Method == "pearson").Metrics.Aupr, c.AuprDiff, 12);
            Assert.InRange(c.AurocDiff, c.AurocCi[0], c.AurocCi[1]);
            Assert.Equal(5, f.Strata!.Count);
            Assert.Equal(f.TestPairs, f.Strata.Sum(s => s.Pairs));
            Assert.NotNull(f.Stacked);   // on by default in cv
            Assert.Equal(["model_logit", "pearson", "spearman", "mi"], f.Stacked!.Features);
            Assert.Equal(f.TestPairs + 1, File.ReadAllLines(Path.Combine(cv, $"fold-{f.Fold}", ScoreTable.FileName)).Length);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(cv, "metrics.json")));
        var root = json.RootElement;
        var mi = root.GetProperty("comparisons").GetProperty("mi");
        // Over folds: the mean of the folds' differences, with the field names.
        Assert.Equal(folds.Average(f => f.Comparisons!["mi"].AurocDiff), mi.GetProperty("auroc_diff").GetDouble(), 12);
        Assert.Equal(folds.Average(f => f.Comparisons!["mi"].AuprDiff), mi.GetProperty("aupr_diff").GetDouble(), 12);
        Assert.Equal(2, mi.GetProperty("auroc_ci").GetArrayLength());
        // The p-value pools the folds as DeLong's test does fold by fold: z = mean difference / sqrt(sum of variances) x folds.
        var perFold = Enumerable.Range(0, 3).Select(f => ScoreTable.Read(Path.Combine(cv, $"fold-{f}", ScoreTable.FileName)))
            .Select(t => GrnGpu.Models.Statistics.DeLong.Compare(t.Labels, t[ScoreTable.Model]!, t["mi"]!)).ToList();
        double z = perFold.Average(d => d.Difference) / (Math.Sqrt(perFold.Sum(d => d.Variance)) / perFold.Count);
        Assert.Equal(GrnGpu.Models.Statistics.NormalDistribution.TwoSidedP(z), mi.GetProperty("auroc_p").GetDouble(), 12);
        Assert.Equal(2000, mi.GetProperty("resamples").GetInt32());
        Assert.Equal(data.PairCount, root.GetProperty("strata").EnumerateArray().Sum(s => s.GetProperty("pairs").GetInt32()));
        Assert.Equal(folds.Average(f => f.Stacked!.Test.Auroc), root.GetProperty("mean").GetProperty("stacked").GetProperty("auroc").GetProperty("mean").GetDouble(), 12);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("stacked").GetProperty("verdict").GetString()));

        // A fold run with another --stack is not merged with these, and the message names the option.
        string other = data.Scratch("cv-other");
        Assert.Equal(0, CliRunner.Run(Cv(other, "--split", "random", "--folds", "3", "--fold", "0", "--stack", "false")).ExitCode);
        var mixed = CliRunner.Run("cv", "--merge", Path.Combine(other, "fold-0"), Path.Combine(cv, "fold-1"), Path.Combine(cv, "fold-2"), "--out", data.Scratch("merged"));
        Assert.Equal(2, mixed.ExitCode);
        Assert.Contains("--stack", mixed.Stderr);
        Assert.DoesNotContain("Exception", mixed.Stderr);

        // Seed 2 on the same fold (its split seed fixed to the first run's): the ensemble is the mean of the two seeds' scores.
        string seed2 = data.Scratch("cv-seed2");
        Assert.Equal(0, CliRunner.Run(Cv(seed2, "--split", "random", "--folds", "3", "--fold", "0", "--seed", "2", "--split-seed", "1")).ExitCode);
        string ensemble = data.Scratch("ensemble");
        var e = CliRunner.Run("ensemble", "--runs", Path.Combine(cv, "fold-0"), Path.Combine(seed2, "fold-0"), "--out", ensemble);
        Assert.True(e.ExitCode == 0, e.Stderr + e.Stdout);
        var one = ScoreTable.Read(Path.Combine(cv, "fold-0", ScoreTable.FileName));
        var two = ScoreTable.Read(Path.Combine(seed2, "fold-0", ScoreTable.FileName));
        Assert.Equal(one.Pairs, two.Pairs);
        var mean = one["model"]!.Zip(two["model"]!, (a, b) => (a + b) / 2).ToArray();
        using var ej = JsonDocument.Parse(File.ReadAllText(Path.Combine(ensemble, "metrics.json")));
        Assert.Equal(RankingMetrics.Auroc(one.Labels, mean), ej.RootElement.GetProperty("auroc").GetDouble(), 12);
        Assert.Equal(2, ej.RootElement.GetProperty("members").GetArrayLength());
        Assert.Equal(RankingMetrics.Auroc(one.Labels, mean) - RankingMetrics.Auroc(one.Labels, one["pearson"]!),
            ej.RootElement.GetProperty("comparisons").GetProperty("pearson").GetProperty("auroc_diff").GetDouble(), 12);
        // Runs that differ in more than the seed are no ensemble: the option is named.
        var refused = CliRunner.Run("ensemble", "--runs", Path.Combine(cv, "fold-0"), Path.Combine(other, "fold-0"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--stack", refused.Stderr);
    }

    /// <summary>
    /// Seed split of 4 folds over 126 pairs: fold 1 tests rows 31..61. Those rows get only positives, the others an even
    /// spread of both classes, so every training and validation side keeps both classes while fold 1's test has one.
    /// </summary>
    [Fact]
    public void AOneClassTestFoldIsUndefinedAndLeftOutOfTheMeans()
    {
        var lines = File.ReadAllLines(data.Pairs).Where(l => l.Length > 0).ToList();
        var positives = lines.Where(l => l.EndsWith(",1", StringComparison.Ordinal)).ToList();
        var negatives = lines.Where(l => l.EndsWith(",0", StringComparison.Ordinal)).ToList();
        var block = positives.Take(31).ToList();
        var restPositives = new Queue<string>(positives.Skip(31));
        var restNegatives = new Queue<string>(negatives);
        int rest = restPositives.Count + restNegatives.Count, p = restPositives.Count;
        var spread = Enumerable.Range(0, rest).Select(j => (j + 1) * p / rest > j * p / rest && restPositives.Count > 0 ? restPositives.Dequeue() : restNegatives.Dequeue()).ToList();
        string pairs = data.Scratch("one-class.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(pairs)!);
        File.WriteAllLines(pairs, [.. spread.Take(31), .. block, .. spread.Skip(31)]);

        string cv = data.Scratch("cv");
        string[] args = ["cv", "--model", "rna", .. data.RnaData[..4], "--pairs", pairs, "--split", "seed", "--folds", "4", "--epochs", "1", "--bn-batches", "1",
            "--baselines", "pearson", "--device", "cpu", "--out", cv];
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.DoesNotContain("NaN", r.Stdout + r.Stderr);
        Assert.Contains("all of class 1", r.Stderr + r.Stdout);
        Assert.Contains("undefined", r.Stdout);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(cv, "metrics.json")));
        var root = json.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("folds")[1].GetProperty("test").GetProperty("auroc").ValueKind);
        var aurocs = Enumerable.Range(0, 4).Where(f => f != 1).Select(f => root.GetProperty("folds")[f].GetProperty("test").GetProperty("auroc").GetDouble());
        Assert.Equal(aurocs.Average(), root.GetProperty("mean").GetProperty("rna").GetProperty("auroc").GetProperty("mean").GetDouble(), 12);
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("fold 1:", StringComparison.Ordinal) && n.GetString()!.Contains("undefined"));
        Assert.Equal(3, root.GetProperty("comparisons").GetProperty("pearson").GetProperty("folds").GetInt32());
        Assert.DoesNotContain("NaN", File.ReadAllText(Path.Combine(cv, "metrics.json")));
    }
}
