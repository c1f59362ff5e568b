namespace GrnGpu.Models.Data.Images;

/// <summary>
/// Builds one image input of a network from two grey images, in one of two layouts: SDINet's 2 x H x W (channel 0 the
/// TF image, channel 1 the target image) or the fusion net's 1 x 2H x W (the TF image stacked on top of the target
/// image); H x W is <see cref="ModelKinds.ImageHeight"/> x <see cref="ModelKinds.ImageWidth"/>. Both layouts hold the same numbers in the same order (TF
/// pixels row-major, then target pixels), so they differ only in the shape they are declared with; the
/// scaling is per sample over both images together: (x - min) / (max - min), as the seed does.
/// A constant sample (max == min; the seed would divide 0 by 0 and get NaN) is defined as all zeros.
/// </summary>
public static class ModelInputs
{
    public static int[] Shape(ModelKind kind, int height = ModelKinds.ImageHeight, int width = ModelKinds.ImageWidth) => kind switch
    {
        ModelKind.SdiNet => [2, height, width],
        ModelKind.Fusion => [1, 2 * height, width],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Floats in one sample: 2 * height * width for both kinds.</summary>
    public static int SampleLength(int height = ModelKinds.ImageHeight, int width = ModelKinds.ImageWidth) => 2 * height * width;

    /// <summary>Writes the scaled sample into <paramref name="destination"/> (length 2 * H * W).</summary>
    public static void Write(ModelKind kind, GreyImage tf, GreyImage target, Span<float> destination)
    {
        if (kind is not (ModelKind.SdiNet or ModelKind.Fusion)) throw new ArgumentOutOfRangeException(nameof(kind));
        if (tf.Width != target.Width || tf.Height != target.Height)
            throw new ArgumentException($"TF image {tf.Width} x {tf.Height} and target image {target.Width} x {target.Height} differ in size");
        int n = tf.Pixels.Length;
        if (destination.Length != 2 * n)
            throw new ArgumentException($"destination holds {destination.Length} floats, expected {2 * n}", nameof(destination));

        var a = tf.Pixels.AsSpan();
        var b = target.Pixels.AsSpan();
        int min = Math.Min(Min(a), Min(b));
        int max = Math.Max(Max(a), Max(b));
        if (max == min)
        {
            destination.Clear();
            return;
        }
        // A 256-entry table turns the per-pixel divide into a lookup; the values are exactly (x-min)/(max-min) in float.
        Span<float> table = stackalloc float[256];
        float range = max - min;
        for (int v = min; v <= max; v++) table[v] = (v - min) / range;
        var first = destination[..n];
        var second = destination[n..];
        for (int i = 0; i < n; i++) first[i] = table[a[i]];
        for (int i = 0; i < n; i++) second[i] = table[b[i]];
    }

    private static int Min(ReadOnlySpan<byte> s)
    {
        int m = 255;
        foreach (byte v in s) if (v < m) m = v;
        return m;
    }

    private static int Max(ReadOnlySpan<byte> s)
    {
        int m = 0;
        foreach (byte v in s) if (v > m) m = v;
        return m;
    }
}
