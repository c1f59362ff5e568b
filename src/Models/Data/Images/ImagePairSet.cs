namespace GrnGpu.Models.Data.Images;

/// <summary>One training sample: a TF image and a target image of the same view, for one gene pair.</summary>
public readonly record struct ImagePair(int GenePair, int TfImage, int TargetImage, string View);

/// <summary>A gene pair that kept at least the minimum number of image pairs: Pairs[FirstPair .. FirstPair+PairCount).</summary>
public sealed record KeptGenePair(int SourceIndex, string Tf, string Target, int Label, int FirstPair, int PairCount);

/// <summary>A gene pair left out, with the number of image pairs it had and why.</summary>
public sealed record DroppedGenePair(int SourceIndex, string Tf, string Target, int Label, int ImagePairs, string Reason);

/// <summary>An image file that the filters (or, with SkipUndecodable, the decoder) refused.</summary>
public sealed record RejectedImage(string Path, string Reason);

/// <summary>
/// The result of <see cref="ImagePairBuilder"/>: each distinct image once, as 8-bit grey, and the image pairs
/// as index triples into it, grouped by gene pair in input order. Memory is one byte a pixel per distinct image,
/// however many pairs share it.
/// </summary>
public sealed class ImagePairSet
{
    public IReadOnlyList<GreyImage> Images { get; }
    public IReadOnlyList<string> ImagePaths { get; }
    public IReadOnlyList<ImagePair> Pairs { get; }
    public IReadOnlyList<KeptGenePair> GenePairs { get; }
    public IReadOnlyList<DroppedGenePair> Dropped { get; }
    public IReadOnlyList<RejectedImage> RejectedImages { get; }

    public ImagePairSet(IReadOnlyList<GreyImage> images, IReadOnlyList<string> imagePaths, IReadOnlyList<ImagePair> pairs,
        IReadOnlyList<KeptGenePair> genePairs, IReadOnlyList<DroppedGenePair> dropped, IReadOnlyList<RejectedImage> rejected)
    {
        if (images.Count != imagePaths.Count) throw new ArgumentException("one path per image expected", nameof(imagePaths));
        Images = images;
        ImagePaths = imagePaths;
        Pairs = pairs;
        GenePairs = genePairs;
        Dropped = dropped;
        RejectedImages = rejected;
    }

    /// <summary>The label (0/1) of image pair <paramref name="pair"/>: that of its gene pair.</summary>
    public int Label(int pair) => GenePairs[Pairs[pair].GenePair].Label;

    /// <summary>
    /// Indices of the image pairs of the given kept gene pairs (indices into <see cref="GenePairs"/>), in order:
    /// folds are cut over gene pairs, never over image pairs, so no gene pair leaks between train and test.
    /// </summary>
    public int[] PairsOf(IEnumerable<int> genePairs)
    {
        var result = new List<int>();
        foreach (int g in genePairs)
        {
            var kept = GenePairs[g];
            for (int i = 0; i < kept.PairCount; i++) result.Add(kept.FirstPair + i);
        }
        return result.ToArray();
    }
}
