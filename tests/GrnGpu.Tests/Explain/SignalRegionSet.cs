namespace GrnGpu.Tests.Explain;

/// <summary>
/// A small synthetic set whose label is written only into <see cref="Region"/> of every image (`grn synth
/// --signal-region`), an SDINet trained on it briefly at 32x80 (about 20 s on two cores; enough pairs that it learns
/// the region rather than the genes: test AUROC 0.83 with 164 pairs, 0.61 with 75), and an RNA model
/// trained for one epoch (for the histogram plumbing), made once for the explain tests.
/// </summary>
public sealed class SignalRegionSet : IDisposable
{
    public const string Region = "0.15,0.3,0.45,0.7";

    private readonly TempFolder _folder = new();

    public string Data => _folder.File("data");
    public string SdiNetRun => _folder.File("sdinet");
    public string RnaRun => _folder.File("rna");
    public string Images => Path.Combine(Data, "images");

    public SignalRegionSet()
    {
        Run("synth", "--out", Data, "--signal-region", Region, "--mismatched-domains", "0", "--tfs", "8", "--targets", "100", "--images-per-gene", "1");
        string pairs = Path.Combine(Data, "pairs.csv");
        Run("train", "--model", "sdinet", "--pairs", pairs, "--images", Images, "--image-size", "32x80", "--epochs", "4", "--max-image-pairs", "4",
            "--min-image-pairs", "1", "--split", "random", "--baselines", "none", "--lr", "0.001", "--device", "cpu", "--out", SdiNetRun);
        Run("train", "--model", "rna", "--pairs", pairs, "--expression", Path.Combine(Data, "tf_dataset.csv"), "--expression", Path.Combine(Data, "gene_dataset.csv"),
            "--epochs", "1", "--split", "random", "--baselines", "none", "--device", "cpu", "--out", RnaRun);
    }

    /// <summary>The first positive and the first negative pair of pairs.csv.</summary>
    public (string Tf, string Target) Pair(int label) =>
        File.ReadAllLines(Path.Combine(Data, "pairs.csv")).Select(l => l.Split(',')).Where(f => f.Length == 3 && f[2] == label.ToString())
            .Select(f => (f[0], f[1])).First();

    public string Scratch(string name) => _folder.File(Guid.NewGuid().ToString("N")[..8] + "-" + name);

    private static void Run(params string[] args)
    {
        var r = CliRunner.Run(args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"grn {args[0]} failed: {r.Stderr}{r.Stdout}");
    }

    public void Dispose() => _folder.Dispose();
}
