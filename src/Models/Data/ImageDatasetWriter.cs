using System.Globalization;
using System.Text;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Models.Data;

/// <summary>Where `grn dataset build --images` finds the ISH images and how it pairs them.</summary>
public sealed record ImageDatasetOptions(string Root, ImagePairOptions Pairing);

/// <summary>What the image part of a dataset build wrote.</summary>
public sealed record ImageDatasetResult(int ImagePairs, int GenePairsWithImages, int GenePairsDropped, int RejectedImages);

/// <summary>
/// The image side of `grn dataset build --images ROOT`, beside X.npy:
/// - images.npy: float32 P x 2 x 128 x 320, SDINet's input per image pair (channel 0 = TF, 1 = target,
///   scaled per sample to [0, 1]), streamed to disk one pair at a time;
/// - image_gene_pairs.npy: float32 P, the row of X.npy / pairs.tsv each image pair belongs to (exact below 2^24);
/// - image_pairs.tsv: pair, gene_pair, view, tf_image, target_image.
/// A gene pair's score is the mean over its image pairs; the gene-pair index is how to take that mean.
/// </summary>
public static class ImageDatasetWriter
{
    public const string ImagesFile = "images.npy", GenePairIndexFile = "image_gene_pairs.npy", PairsFile = "image_pairs.tsv";

    public static ImageDatasetResult Write(ResolvedPairs pairs, ImageDatasetOptions options, string outDir)
    {
        var store = ImageStore.OpenSeedLayout(options.Root);
        // Gene pairs in X.npy order: KeptGenePair.SourceIndex is then the X.npy row. Unlabelled pairs carry -1.
        var genePairs = pairs.Pairs.Select(p => (p.Pair.Tf, p.Pair.Target, p.Pair.Label ?? -1));
        var set = ImagePairBuilder.Build(store, genePairs, options.Pairing);

        var shape = ModelInputs.Shape(ModelKind.SdiNet);
        int sampleLength = shape.Aggregate(1, (a, b) => a * b);
        AtomicFile.Write(Path.Combine(outDir, ImagesFile), stream =>
        {
            NpyWriter.WriteHeader(stream, [set.Pairs.Count, .. shape]);
            var sample = new float[sampleLength];
            foreach (var pair in set.Pairs)
            {
                ModelInputs.Write(ModelKind.SdiNet, set.Images[pair.TfImage], set.Images[pair.TargetImage], sample);
                NpyWriter.WriteFloats(stream, sample);
            }
        });

        var rows = set.Pairs.Select(p => (float)set.GenePairs[p.GenePair].SourceIndex).ToArray();
        NpyWriter.Write(Path.Combine(outDir, GenePairIndexFile), rows, rows.Length);

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
        AtomicFile.WriteAllText(Path.Combine(outDir, PairsFile), text.ToString());
        return new ImageDatasetResult(set.Pairs.Count, set.GenePairs.Count, set.Dropped.Count, set.RejectedImages.Count);
    }
}
