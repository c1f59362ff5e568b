namespace GrnGpu.Models.Data.Images;

/// <summary>
/// Sanity caps checked from the header, before any pixel buffer is allocated, so a corrupt or hostile
/// header (e.g. 60000 x 60000) fails with a clear error instead of an OutOfMemoryException.
/// </summary>
public static class ImageLimits
{
    /// <summary>Largest accepted width or height, in pixels.</summary>
    public const int MaxSide = 32768;

    /// <summary>
    /// Largest accepted width*height: 40 megapixels (160 MB as RGBA). BDGP images are 320 x 128 = 41 kilopixels,
    /// so this leaves three orders of magnitude of room for other microscopes.
    /// </summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>
    /// Largest accepted file: 256 MiB, above the biggest uncompressed image within <see cref="MaxPixels"/> (a 32-bit
    /// BMP of 40 megapixels is 160 MB), checked before the file is read.
    /// </summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Throws <see cref="ImageFormatException"/> unless 1 &lt;= width, height &lt;= caps.</summary>
    public static void Check(string file, long? position, long width, long height)
    {
        if (width < 1 || height < 1)
            throw new ImageFormatException(file, position, $"image size {width} x {height}: expected both sides >= 1");
        if (width > MaxSide || height > MaxSide || width * height > MaxPixels)
            throw new ImageFormatException(file, position,
                $"image size {width} x {height} is beyond the accepted maximum ({MaxSide} per side, {MaxPixels} pixels)");
    }
}
