using System.Globalization;
using System.Text;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Models.Data.Sets;

/// <summary>Where `grn dataset build --images` finds the ISH images and how it pairs them.</summary>
public sealed record ImageDatasetOptions(string Root, ImagePairOptions Pairing);

/// <summary>What the image part of a dataset build wrote; <see cref="Rejected"/> lists every image the filters refused, with the reason.</summary>
public sealed record ImageDatasetResult(int ImagePairs, int GenePairsWithImages, int GenePairsDropped, int RejectedImages,
    IReadOnlyList<RejectedImage>? Rejected = null);

/// <summary>
/// The image side of `grn dataset build --images ROOT`, beside X.npy:
/// - images.npy: float32 P x 2 x 128 x 320, SDINet's input per image pair (channel 0 = TF, 1 = target,
///   scaled per sample to [0, 1]), streamed to disk one pair at a time;
/// - image_gene_pairs.npy: float32 P, the row of X.npy / pairs.tsv each image pair belongs to (exact below 2^24);
/// - image_pairs.tsv: pair, gene_pair, view, tf_image, target_image;
/// - rejected_images.tsv: path, reason, one line per image the filters refused (header only when none).
/// A gene pair's score is the mean over its image pairs; the gene-pair index is how to take that mean.
/// </summary>
public static class ImageDatasetWriter
{
    public const string ImagesFile = "images.npy", GenePairIndexFile = "image_gene_pairs.npy", PairsFile = "image_pairs.tsv",
        RejectedFile = "rejected_images.tsv";

    /// <summary>Decodes, filters and pairs the images of the gene pairs; no image pair at all is an error saying why.</summary>
    public static ImagePairSet Pair(ResolvedPairs pairs, ImageStore store, ImageDatasetOptions options, IWorkProgress? progress = null)
    {
        // Gene pairs in X.npy order: KeptGenePair.SourceIndex is then the X.npy row. Unlabelled pairs carry -1.
        var genePairs = pairs.Pairs.Select(p => (p.Pair.Tf, p.Pair.Target, p.Pair.Label ?? -1)).ToList();
        (progress ?? NoProgress.Instance).Stage("images decoded", genePairs.Count);
        var set = ImagePairBuilder.Build(store, genePairs, options.Pairing, progress);
        if (set.Pairs.Count == 0)
        {
            var first = set.Dropped.FirstOrDefault();
            throw new GrnException($"{options.Root}: no gene pair kept at least {options.Pairing.MinImagePairs} image pairs " +
                                   $"({set.Dropped.Count} of {genePairs.Count} dropped{(first != null ? $"; e.g. {first.Tf}-{first.Target}: {first.Reason}" : "")}, " +
                                   $"{set.RejectedImages.Count} images rejected); check the store's layout (ROOT/tf/<gene>/<view>/*.bmp) or lower --min-image-pairs");
        }
        return set;
    }

    /// <summary>Bytes the image files of <paramref name="set"/> will take.</summary>
    public static long Bytes(ImagePairSet set) =>
        NpyWriter.Bytes([set.Pairs.Count, .. ModelInputs.Shape(ModelKind.SdiNet)]) + NpyWriter.Bytes([set.Pairs.Count])
        + 200L * (set.Pairs.Count + set.RejectedImages.Count);

    /// <summary>Writes the image files of <paramref name="set"/> into the staged <paramref name="output"/>.</summary>
    public static ImageDatasetResult Write(ImagePairSet set, OutputFolder output, IWorkProgress? progress = null)
    {
        progress ??= NoProgress.Instance;
        var shape = ModelInputs.Shape(ModelKind.SdiNet);
        int sampleLength = shape.Aggregate(1, (a, b) => a * b);
        progress.Stage("image pairs", set.Pairs.Count);
        AtomicFile.Write(output.PathOf(ImagesFile), stream =>
        {
            NpyWriter.WriteHeader(stream, [set.Pairs.Count, .. shape]);
            var sample = new float[sampleLength];
            foreach (var pair in set.Pairs)
            {
                ModelInputs.Write(ModelKind.SdiNet, set.Images[pair.TfImage], set.Images[pair.TargetImage], sample);
                NpyWriter.WriteFloats(stream, sample);
                progress.Advance();
                FaultPoint.Reach("image-row");
            }
        });
        output.SetShape(ImagesFile, [set.Pairs.Count, .. shape]);
        FaultPoint.Reach("images-written");

        var rows = set.Pairs.Select(p => (float)set.GenePairs[p.GenePair].SourceIndex).ToArray();
        NpyWriter.Write(output.PathOf(GenePairIndexFile), rows, rows.Length);
        output.SetShape(GenePairIndexFile, [rows.Length]);

        var text = new StringBuilder("pair\tgene_pair\tview\ttf_image\ttarget_image\n");
        for (int i = 0; i < set.Pairs.Count; i++)
        {
            var p = set.Pairs[i];
            text.Append(i.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(set.GenePairs[p.GenePair].SourceIndex.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(p.View).Append('\t')
                .Append(set.ImagePaths[p.TfImage]).Append('\t')
                .Append(set.ImagePaths[p.TargetImage]).Append('\n');
        }
        AtomicFile.WriteAllText(output.PathOf(PairsFile), text.ToString());

        var rejected = new StringBuilder("path\treason\n");
        foreach (var r in set.RejectedImages) rejected.Append(r.Path).Append('\t').Append(r.Reason.Replace('\t', ' ').Replace('\n', ' ')).Append('\n');
        AtomicFile.WriteAllText(output.PathOf(RejectedFile), rejected.ToString());
        return new ImageDatasetResult(set.Pairs.Count, set.GenePairs.Count, set.Dropped.Count, set.RejectedImages.Count, set.RejectedImages);
    }
}
