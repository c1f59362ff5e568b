using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Sets;
using GrnGpu.Models.Data.Synthetic;

namespace GrnGpu.Tests.Output;

/// <summary>
/// A small synthetic data set made once for the output-set tests, and the two builds they alternate: "old" (histograms
/// only, 8 bins) and "new" (histograms at 16 bins plus image pairs), so a folder's manifest says which one it holds.
/// </summary>
public sealed class OutputSetFixture : IDisposable
{
    public OutputSetFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "grn-outputs-" + Guid.NewGuid().ToString("N"));
        Synth = Path.Combine(Root, "synth");
        SyntheticDataGenerator.Generate(Synth, new SyntheticOptions { Seed = 3, Tfs = 3, Targets = 8, Samples = 24, ImagesPerGene = 2 });
    }

    public string Root { get; }
    public string Synth { get; }

    public const int OldBins = 8, NewBins = 16;

    public PairDataSource Source => new([Path.Combine(Synth, "tf_dataset.csv"), Path.Combine(Synth, "gene_dataset.csv")], Path.Combine(Synth, "pairs.csv"));

    /// <summary>The "old" set, built in this process.</summary>
    public DatasetBuildResult BuildOld(string outDir) => DatasetBuilder.Build(Source, outDir, OldBins);

    /// <summary>Arguments of the "new" build as a `grn` command line.</summary>
    public string[] NewArgs(string outDir) =>
    [
        "dataset", "build", "--expression", Path.Combine(Synth, "tf_dataset.csv"), "--expression", Path.Combine(Synth, "gene_dataset.csv"),
        "--pairs", Path.Combine(Synth, "pairs.csv"), "--images", Path.Combine(Synth, "images"), "--max-image-pairs", "6",
        "--bins", NewBins.ToString(), "--out", outDir,
    ];

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
