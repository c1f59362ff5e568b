using System.Globalization;
using System.Text;

namespace GrnGpu.Models.Data;

/// <summary>What `grn dataset build` wrote.</summary>
public sealed record DatasetBuildResult(string OutDir, int PairCount, int Bins, bool WroteLabels, int DroppedPairs, int MissingSymbols,
    ImageDatasetResult? Images = null);

/// <summary>
/// Builds the RNA-seq model's inputs into a folder:
/// - X.npy: float32 N x 1 x B x B, the scaled histograms (<see cref="HistogramBuilder"/>) in pair-file order;
/// - y.npy: float32 N labels, written only when every pair is labelled (an unlabelled list is a valid
///   prediction input; a stale y.npy from an earlier build is then removed so it cannot be mistaken for this one's);
/// - pairs.tsv: header "tf target label", one line per row of X, symbols as written in the pair file, label empty
///   when unlabelled.
/// With image options, <see cref="ImageDatasetWriter"/> adds the image pairs of the same gene pairs.
/// </summary>
public static class DatasetBuilder
{
    public const string XFile = "X.npy", YFile = "y.npy", PairsFile = "pairs.tsv";

    public static DatasetBuildResult Build(PairDataSource source, string outDir, int bins = HistogramBuilder.DefaultBins, Action<string>? warn = null,
        ImageDatasetOptions? images = null)
    {
        var histograms = new HistogramBuilder(bins);
        var pairs = PairDataLoader.Load(source, warn);
        Directory.CreateDirectory(outDir);
        WriteHistograms(pairs, histograms, Path.Combine(outDir, XFile));

        bool labelled = pairs.HasLabels;
        string yPath = Path.Combine(outDir, YFile);
        if (labelled)
            NpyWriter.Write(yPath, pairs.Pairs.Select(p => (float)p.Pair.Label!.Value).ToArray(), pairs.Count);
        else if (File.Exists(yPath))
            File.Delete(yPath);

        var imageResult = images != null ? ImageDatasetWriter.Write(pairs, images, outDir) : null;

        WritePairs(pairs, Path.Combine(outDir, PairsFile));
        return new DatasetBuildResult(outDir, pairs.Count, bins, labelled, pairs.DroppedPairs, pairs.MissingSymbols.Count, imageResult);
    }

    /// <summary>Streams N histograms into X.npy (N x 1 x B x B) without holding them all.</summary>
    public static void WriteHistograms(ResolvedPairs pairs, HistogramBuilder histograms, string path)
    {
        AtomicFile.Write(path, stream =>
        {
            NpyWriter.WriteHeader(stream, [pairs.Count, 1, histograms.Bins, histograms.Bins]);
            var buffer = new float[histograms.Size];
            foreach (var p in pairs.Pairs)
            {
                histograms.Build(p.Tf.Values, p.Target.Values, buffer);
                NpyWriter.WriteFloats(stream, buffer);
            }
        });
    }

    public static void WritePairs(ResolvedPairs pairs, string path)
    {
        var text = new StringBuilder("tf\ttarget\tlabel\n");
        foreach (var p in pairs.Pairs)
            text.Append(p.Pair.Tf).Append('\t').Append(p.Pair.Target).Append('\t')
                .Append(p.Pair.Label?.ToString(CultureInfo.InvariantCulture) ?? "").Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }
}
