using System.Text.Json;
using GrnGpu.Tests.Architecture;
using Xunit;

namespace GrnGpu.Tests.Training;

/// <summary>
/// bench/results.sh, the script behind the README's results, run end to end at toy size (2 folds, 1 epoch, two seeds on
/// fold 0, two queues side by side, a small synthetic set): every fold trains, both protocols merge into a cv summary
/// with the paired comparisons, the seeds into an ensemble, and a second run finds everything done.
/// </summary>
public class ResultsScriptTests
{
    private static (int Code, string Output) Script(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var variables = new Dictionary<string, string>(environment);
        variables.TryAdd("GRN", "dotnet " + Path.Combine(AppContext.BaseDirectory, "grn.dll"));
        var result = CliRunner.RunProgram("bash", [Path.Combine(SourceGraph.RepoRoot, "bench", "results.sh"), .. args], variables, TimeSpan.FromMinutes(10));
        return (result.ExitCode, result.Stdout + result.Stderr);
    }

    [Fact]
    public void RunsEveryFoldMergesBothProtocolsAndResumesToNothingToDo()
    {
        using var temp = new TempFolder();
        string data = temp.File("data"), output = temp.File("results");
        var synth = CliRunner.Run("synth", "--out", data, "--tfs", "10", "--targets", "40", "--images-per-gene", "1");
        Assert.True(synth.ExitCode == 0, synth.Stderr);
        File.Copy(Path.Combine(data, "pairs.csv"), Path.Combine(data, "new_benchmark_dataset.csv"));
        var environment = new Dictionary<string, string>
        {
            ["DATA"] = data, ["EPOCHS"] = "1", ["LR_STEPS"] = "1", ["BASELINES"] = "pearson", ["FOLDS"] = "2", ["ENSEMBLE_SEEDS"] = "1 2",
            ["PARALLEL"] = "2", ["DEVICE"] = "cpu",
        };

        var (code, log) = Script(environment, output);
        Assert.True(code == 0, log);
        foreach (string protocol in new[] { "seed", "tf-held-out" })
        {
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, protocol, "seed-1", "metrics.json")));
            Assert.Equal(2, summary.RootElement.GetProperty("folds").GetArrayLength());
            var pearson = summary.RootElement.GetProperty("comparisons").GetProperty("pearson");
            Assert.Equal(2, pearson.GetProperty("auroc_ci").GetArrayLength());
            Assert.Equal(2000, pearson.GetProperty("resamples").GetInt32());
            using var ensemble = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, protocol, "ensemble-fold-0", "metrics.json")));
            Assert.Equal(2, ensemble.RootElement.GetProperty("members").GetArrayLength());
        }
        // 2 protocols x (2 folds + a second seed on fold 0), each with its own log.
        Assert.Equal(6, Directory.GetFiles(Path.Combine(output, "logs"), "*-fold*.log").Length);

        var (listed, list) = Script(environment, "--list", output);
        Assert.Equal(0, listed);
        var rows = list.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, rows.Length);
        Assert.All(rows, r => Assert.EndsWith("finished", r));
        // The mode may follow the folder too; it lists and starts nothing.
        var (listedAfter, listAfter) = Script(environment, output, "--list");
        Assert.Equal(0, listedAfter);
        Assert.Equal(list, listAfter);

        // --merge again, with DOCS: each protocol's charts land there as they are in its cv folder.
        string docs = temp.File("docs");
        var (merged, mergeLog) = Script(new Dictionary<string, string>(environment) { ["DOCS"] = docs }, "--merge", output);
        Assert.True(merged == 0, mergeLog);
        foreach (string protocol in new[] { "seed", "tf-held-out" })
        foreach (string chart in new[] { "learning", "roc" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(output, protocol, "seed-1", chart + ".png")), File.ReadAllBytes(Path.Combine(docs, $"{protocol}-{chart}.png")));

        var (again, rerun) = Script(environment, output);
        Assert.True(again == 0, rerun);
        Assert.Equal(6, rerun.Split('\n').Count(l => l.EndsWith(": finished already")));
    }

    [Theory]
    [InlineData("PARALLEL", "0", "results: PARALLEL=0 is not a count of 1 or more")]
    [InlineData("FOLDS", "1", "results: FOLDS=1 is not a count of 2 or more")]
    [InlineData("EARLY_STOP", "0", "results: EARLY_STOP=0 is not a count of 1 or more, or none")]
    public void ABadSettingIsOneLineNamingIt(string name, string value, string expected)
    {
        using var temp = new TempFolder();
        var (code, output) = Script(new Dictionary<string, string> { [name] = value }, "--list", temp.File("results"));
        Assert.Equal(1, code);
        Assert.Equal(expected, output.Trim());
    }

    [Fact]
    public void AMistypedModeIsOneLineAndStartsNothing()
    {
        using var temp = new TempFolder();
        var (code, output) = Script(new Dictionary<string, string>(), temp.File("results"), "--lst");
        Assert.Equal(1, code);
        Assert.Equal("results: unknown option --lst (expected --list, --merge or an output folder)", output.Trim());
        Assert.False(Directory.Exists(temp.File("results")));
    }

    [Fact]
    public void TwoOutputFoldersAreOneLineAndStartNothing()
    {
        using var temp = new TempFolder();
        string a = temp.File("a"), b = temp.File("b");
        var (code, output) = Script(new Dictionary<string, string>(), a, b);
        Assert.Equal(1, code);
        Assert.Equal($"results: two output folders given ({a} and {b}); give one", output.Trim());
        Assert.False(Directory.Exists(a) || Directory.Exists(b));
    }
}
