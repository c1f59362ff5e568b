using GrnGpu.Models.Data.Synthetic;
using Xunit;

namespace GrnGpu.Tests.Report;

/// <summary>
/// One small training run and one two-fold cross-validation of the rna model (one epoch, pearson and spearman
/// baselines) on a synthetic set, made once through the real `grn` for the report tests.
/// </summary>
public sealed class ReportRuns : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "grn-report-" + Guid.NewGuid().ToString("N"));
    public string Run => Path.Combine(Root, "run");
    public string Cv => Path.Combine(Root, "cv");

    public ReportRuns()
    {
        string data = Path.Combine(Root, "data");
        SyntheticDataGenerator.Generate(data, new SyntheticOptions { Seed = 7 });
        string[] common = ["--model", "rna", "--expression", Path.Combine(data, "tf_dataset.csv"), "--expression", Path.Combine(data, "gene_dataset.csv"),
            "--pairs", Path.Combine(data, "pairs.csv"), "--split", "random", "--epochs", "2", "--bn-batches", "1", "--baselines", "pearson,spearman", "--device", "cpu"];
        foreach (var (command, folds, output) in new[] { ("train", "5", Run), ("cv", "2", Cv) })
        {
            var r = CliRunner.Run([command, .. common, "--folds", folds, "--out", output]);
            Assert.True(r.ExitCode == 0, $"grn {command}: {r.Stderr}{r.Stdout}");
        }
    }

    /// <summary>A fresh empty folder beside the runs.</summary>
    public string Scratch(string name)
    {
        string path = Path.Combine(Root, Guid.NewGuid().ToString("N")[..8], name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The report tests and the browser test share one set of runs.</summary>
[CollectionDefinition(Name)]
public sealed class ReportRunsCollection : ICollectionFixture<ReportRuns>
{
    public const string Name = "report runs";
}
