using GrnGpu.Models.Data.Images;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GrnGpu.Models.Data.Output;

namespace GrnGpu.Models.Data.Sets;

/// <summary>What `grn dataset build` wrote.</summary>
public sealed record DatasetBuildResult(string OutDir, int PairCount, int Bins, bool WroteLabels, int DroppedPairs, int MissingSymbols,
    ImageDatasetResult? Images = null);

/// <summary>
/// Builds the RNA-seq model's inputs into a folder, as one whole set (<see cref="OutputFolder"/>: staged, manifest
/// last, swapped in; an error or a kill leaves the previous set as it was):
/// - X.npy: float32 N x 1 x B x B, the scaled histograms (<see cref="HistogramBuilder"/>) in pair-file order;
/// - y.npy: float32 N labels, written only when every pair is labelled (an unlabelled list is a valid prediction input);
/// - pairs.tsv: header "tf target label", one line per row of X, symbols as written in the pair file, label empty
///   when unlabelled;
/// - manifest.json: kind "dataset", properties pairs, bins, labelled, imagePairs; every file's size, SHA-256, shape.
/// With image options, <see cref="ImageDatasetWriter"/> adds the image pairs of the same gene pairs and
/// rejected_images.tsv. Everything that can be checked is checked before any histogram is computed: the bins, the
/// image options and layout, the input files, the output location, and the size against the free disk space.
/// </summary>
public static class DatasetBuilder
{
    public const string XFile = "X.npy", YFile = "y.npy", PairsFile = "pairs.tsv";
    public const string Kind = "dataset";

    /// <summary>File names a data set folder held before sets had manifests (such a folder may be replaced).</summary>
    public static readonly IReadOnlyCollection<string> LegacyNames =
        [XFile, YFile, PairsFile, ImageDatasetWriter.ImagesFile, ImageDatasetWriter.GenePairIndexFile, ImageDatasetWriter.PairsFile, ImageDatasetWriter.RejectedFile];

    public static DatasetBuildResult Build(PairDataSource source, string outDir, int bins = HistogramBuilder.DefaultBins, Action<string>? warn = null,
        ImageDatasetOptions? images = null, IWorkProgress? progress = null)
    {
        progress ??= NoProgress.Instance;
        // Options and inputs first: nothing is locked, created or computed for a run that cannot work.
        var histograms = new HistogramBuilder(bins);
        images?.Pairing.Validate();
        foreach (string e in source.ExpressionFiles) OutputChecks.RequireInputFile(e, "--expression", "an expression table (xlsx, csv or tsv)");
        OutputChecks.RequireInputFile(source.PairsFile, "--pairs", "a pair list (xlsx, csv or tsv)");
        if (source.AliasFile != null) OutputChecks.RequireInputFile(source.AliasFile, "--aliases", "an alias table (two columns)");
        var store = images != null ? ImageStore.Open(images.Root) : null;
        OutputChecks.RequireFolderLocation(outDir);
        OutputChecks.RequireOutside(outDir, [.. source.ExpressionFiles, source.PairsFile, source.AliasFile, images?.Root]);

        using var output = OutputFolder.Begin(outDir, new OutputRequest(Kind, CommandLine.Current()) { LegacyNames = LegacyNames });
        var pairs = PairDataLoader.Load(source, warn);
        FaultPoint.Reach("pairs-loaded");
        long histogramBytes = NpyWriter.Bytes([pairs.Count, 1, bins, bins]);
        long smallBytes = NpyWriter.Bytes([pairs.Count]) + 64L * pairs.Count;
        output.RequireSpace(histogramBytes + smallBytes, $"X.npy ({pairs.Count} x 1 x {bins} x {bins} float32)");

        ImagePairSet? set = null;
        if (images != null)
        {
            set = ImageDatasetWriter.Pair(pairs, store!, images, progress);
            FaultPoint.Reach("images-paired");
            output.RequireSpace(histogramBytes + smallBytes + ImageDatasetWriter.Bytes(set), $"X.npy and images.npy ({set.Pairs.Count} image pairs)");
        }

        WriteHistograms(pairs, histograms, output.PathOf(XFile), progress);
        output.SetShape(XFile, [pairs.Count, 1, bins, bins]);
        FaultPoint.Reach("x-written");
        bool labelled = pairs.HasLabels;
        if (labelled)
        {
            NpyWriter.Write(output.PathOf(YFile), pairs.Pairs.Select(p => (float)p.Pair.Label!.Value).ToArray(), pairs.Count);
            output.SetShape(YFile, [pairs.Count]);
        }
        FaultPoint.Reach("y-written");
        var imageResult = set != null ? ImageDatasetWriter.Write(set, output, progress) : null;
        WritePairs(pairs, output.PathOf(PairsFile));
        FaultPoint.Reach("pairs-written");

        output.Set("pairs", pairs.Count);
        output.Set("bins", bins);
        output.Set("labelled", labelled);
        if (imageResult != null) output.Set("imagePairs", imageResult.ImagePairs);
        output.Commit();
        return new DatasetBuildResult(output.Target, pairs.Count, bins, labelled, pairs.DroppedPairs, pairs.MissingSymbols.Count, imageResult);
    }

    /// <summary>
    /// Checks that <paramref name="folder"/> holds a whole data set (<see cref="Manifest.Verify"/>) whose X.npy,
    /// y.npy and pairs.tsv agree on the pair count; returns its manifest. Readers of data sets call this first.
    /// </summary>
    public static Manifest RequireWhole(string folder, bool checkHashes = true)
    {
        var manifest = Manifest.Verify(folder, Kind, checkHashes);
        long? pairs = manifest.Integer("pairs");
        foreach (var f in manifest.Files)
            if (f.Shape is { Length: > 0 } shape && (f.Name == XFile || f.Name == YFile) && shape[0] != pairs)
                throw new GrnDataException(folder, $"not a whole data set: {f.Name} has {shape[0]} rows, the set has {pairs} pairs; rebuild it");
        return manifest;
    }

    /// <summary>Streams N histograms into X.npy (N x 1 x B x B) without holding them all.</summary>
    public static void WriteHistograms(ResolvedPairs pairs, HistogramBuilder histograms, string path, IWorkProgress? progress = null)
    {
        progress ??= NoProgress.Instance;
        progress.Stage("histograms", pairs.Count);
        AtomicFile.Write(path, stream =>
        {
            NpyWriter.WriteHeader(stream, [pairs.Count, 1, histograms.Bins, histograms.Bins]);
            var buffer = new float[histograms.Size];
            foreach (var p in pairs.Pairs)
            {
                histograms.Build(p.Tf.Values, p.Target.Values, buffer);
                NpyWriter.WriteFloats(stream, buffer);
                progress.Advance();
                FaultPoint.Reach("x-row");
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
