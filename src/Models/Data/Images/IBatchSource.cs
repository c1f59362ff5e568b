namespace GrnGpu.Models.Data.Images;

/// <summary>Samples that <see cref="BatchLoader"/> can batch: a count, a fixed sample length, labels, and a writer.</summary>
public interface IBatchSource
{
    int Count { get; }
    int SampleLength { get; }
    float Label(int sample);

    /// <summary>The caller's identifier of a sample, reported with each batch (for image pairs: the index into ImagePairSet.Pairs).</summary>
    int SampleId(int sample);

    /// <summary>Writes sample <paramref name="sample"/> into <paramref name="destination"/> (length SampleLength). Called on a background thread.</summary>
    void Write(int sample, Span<float> destination);
}

/// <summary>Image pairs of an <see cref="ImagePairSet"/> (all, or a subset such as one fold's training pairs) as model inputs.</summary>
public sealed class ImagePairSamples : IBatchSource
{
    private readonly ImagePairSet _set;
    private readonly ModelKind _kind;
    private readonly int[] _pairs;

    /// <param name="pairs">Indices into set.Pairs; null for all of them.</param>
    public ImagePairSamples(ImagePairSet set, ModelKind kind, IReadOnlyList<int>? pairs = null)
    {
        _set = set;
        _kind = kind;
        _pairs = pairs?.ToArray() ?? Enumerable.Range(0, set.Pairs.Count).ToArray();
        foreach (int p in _pairs)
            if ((uint)p >= (uint)set.Pairs.Count) throw new ArgumentOutOfRangeException(nameof(pairs), $"pair index {p} outside 0..{set.Pairs.Count - 1}");
        var first = set.Images.Count > 0 ? set.Images[0] : null;
        SampleLength = first == null ? 0 : 2 * first.Width * first.Height;
    }

    public int Count => _pairs.Length;
    public int SampleLength { get; }

    /// <summary>The index into set.Pairs of sample <paramref name="sample"/>.</summary>
    public int SampleId(int sample) => _pairs[sample];

    public float Label(int sample) => _set.Label(_pairs[sample]);

    public void Write(int sample, Span<float> destination)
    {
        var pair = _set.Pairs[_pairs[sample]];
        ModelInputs.Write(_kind, _set.Images[pair.TfImage], _set.Images[pair.TargetImage], destination);
    }
}
