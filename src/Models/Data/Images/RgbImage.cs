namespace GrnGpu.Models.Data.Images;

/// <summary>
/// A decoded colour image: rows top-down, pixels interleaved R,G,B (Channels = 3) or R,G,B,A (Channels = 4).
/// This is what every decoder returns, whatever the file stored (BGR, palette, grey, bottom-up).
/// </summary>
public sealed class RgbImage
{
    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    public byte[] Pixels { get; }

    public RgbImage(int width, int height, int channels, byte[] pixels)
    {
        if (channels is not (3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), "expected 3 (RGB) or 4 (RGBA)");
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "expected a non-empty image");
        if (pixels.Length != (long)width * height * channels)
            throw new ArgumentException($"expected {(long)width * height * channels} bytes, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public bool HasAlpha => Channels == 4;

    /// <summary>Offset of pixel (x, y) in <see cref="Pixels"/>; y counts from the top.</summary>
    public int Offset(int x, int y) => (y * Width + x) * Channels;
}
