namespace GrnGpu.Models.Data.Images;

/// <summary>What to do with an image whose size is not the model's 320 x 128.</summary>
public enum OffSizePolicy
{
    /// <summary>Resize to the model size with <see cref="GreyImage.ResizeBilinear"/> (half-pixel bilinear, no antialiasing).</summary>
    Resize,
    /// <summary>Drop the image ("strict size"), as a seed run that only accepts height 128 would.</summary>
    Drop,
}

/// <summary>
/// The seed's per-image filters. An image is kept when it decodes, is (or is resized to) Width x Height, is
/// not all black, and its grey standard deviation is at least <see cref="MinStandardDeviation"/>.
/// </summary>
public sealed record ImageFilterOptions
{
    /// <summary>
    /// Default threshold: 5 grey levels. A blank or failed scan (uniform white, grey or black, plus sensor
    /// noise) stays below 2-3; every real embryo in the BDGP sample measures far above (the smallest of the 193
    /// is 15.4, the largest 89.5: the embryo outline alone gives over ten levels), so 5 drops blanks with a margin
    /// on both sides.
    /// </summary>
    public const double DefaultMinStandardDeviation = 5.0;

    public int Width { get; init; } = ModelKinds.ImageWidth;
    public int Height { get; init; } = ModelKinds.ImageHeight;
    public OffSizePolicy OffSize { get; init; } = OffSizePolicy.Resize;
    public double MinStandardDeviation { get; init; } = DefaultMinStandardDeviation;
    public bool DropAllBlack { get; init; } = true;

    /// <summary>
    /// True (default): a file that does not decode (empty, truncated, corrupt, not an image, beyond
    /// <see cref="ImageLimits"/>) is recorded in ImagePairSet.RejectedImages with its reason (rejected_images.tsv)
    /// and skipped. False: it stops the build with its <see cref="ImageFormatException"/>.
    /// </summary>
    public bool SkipUndecodable { get; init; } = true;

    /// <summary>Applies the filters; returns the (possibly resized) image, or null with the reason.</summary>
    public GreyImage? Apply(GreyImage image, out string? reason)
    {
        reason = null;
        if (image.Width != Width || image.Height != Height)
        {
            if (OffSize == OffSizePolicy.Drop)
            {
                reason = $"size {image.Width} x {image.Height}, expected {Width} x {Height} (strict size)";
                return null;
            }
            image = image.ResizeBilinear(Width, Height);
        }
        if (DropAllBlack && image.IsAllBlack())
        {
            reason = "all black";
            return null;
        }
        double sd = image.StandardDeviation();
        if (sd < MinStandardDeviation)
        {
            reason = $"grey standard deviation {sd:F2} below {MinStandardDeviation}";
            return null;
        }
        return image;
    }
}
