using GrnGpu.Engine.Devices;
using GrnGpu.Models.Data.Synthetic;

namespace GrnGpu.Tests.Training;

/// <summary>
/// One small synthetic data set (12 TFs, 60 targets, 126 labelled pairs, 3 images per gene and view), generated once
/// per test class that uses it, and the `grn` arguments that point at it.
/// </summary>
public sealed class SyntheticSet : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "grn-train-" + Guid.NewGuid().ToString("N"));

    public SyntheticSet() => SyntheticDataGenerator.Generate(Root, new SyntheticOptions { Seed = 7 });

    public string Pairs => Path.Combine(Root, "pairs.csv");
    public int PairCount => File.ReadAllLines(Pairs).Count(l => l.Length > 0);
    public string Images => Path.Combine(Root, "images");

    public string[] RnaData => ["--expression", Path.Combine(Root, "tf_dataset.csv"), "--expression", Path.Combine(Root, "gene_dataset.csv"), "--pairs", Pairs];

    /// <summary>Training needs the real kernels: the full-size networks are far too slow on the reference device.</summary>
    /// <summary>A fresh path beside the data set (not inside it: the data set is an output set no other command may write into).</summary>
    public string Scratch(string name) => Path.Combine(Root + "-scratch", Guid.NewGuid().ToString("N")[..8], name);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
        try { if (Directory.Exists(Root + "-scratch")) Directory.Delete(Root + "-scratch", recursive: true); } catch (IOException) { }
    }
}
