namespace GrnGpu.Models.Data.Images;

/// <summary>
/// An 8-bit grey image, rows top-down. The training set keeps every image in this form (1 byte a pixel,
/// 40 KB for 320 x 128) and converts to float only per batch, which is what lets tens of thousands of
/// image pairs share a few thousand images in memory.
/// </summary>
public sealed class GreyImage
{
    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public GreyImage(int width, int height, byte[] pixels)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "expected a non-empty image");
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"expected {(long)width * height} bytes, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public byte this[int x, int y] => Pixels[y * Width + x];

    /// <summary>
    /// PIL's Image.convert('L'): L = (R*19595 + G*38470 + B*7471 + 0x8000) >> 16 (ITU-R 601-2 luma in 16-bit
    /// fixed point). Alpha is ignored, as PIL does for RGBA -> L. Matching PIL bit for bit matters because the
    /// seed's trained weights and reported numbers come from images converted this way.
    /// </summary>
    public static GreyImage FromRgb(RgbImage image)
    {
        var src = image.Pixels;
        int channels = image.Channels;
        var dst = new byte[image.Width * image.Height];
        for (int i = 0, s = 0; i < dst.Length; i++, s += channels)
            dst[i] = Luma(src[s], src[s + 1], src[s + 2]);
        return new GreyImage(image.Width, image.Height, dst);
    }

    /// <summary>The PIL luma formula for one pixel.</summary>
    public static byte Luma(byte r, byte g, byte b) => (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);

    /// <summary>True when every pixel is 0 (the seed drops such images: a failed scan, not an embryo).</summary>
    public bool IsAllBlack()
    {
        foreach (byte v in Pixels)
            if (v != 0) return false;
        return true;
    }

    /// <summary>Population standard deviation of the grey values (0..255 scale).</summary>
    public double StandardDeviation()
    {
        // Integer sums are exact: 255^2 * 40M pixels still fits a long.
        long sum = 0, sumSq = 0;
        foreach (byte v in Pixels)
        {
            sum += v;
            sumSq += v * v;
        }
        double n = Pixels.Length;
        double mean = sum / n;
        return Math.Sqrt(Math.Max(0.0, sumSq / n - mean * mean));
    }

    /// <summary>
    /// Bilinear resize with pixel centres aligned (the half-pixel convention of OpenCV's INTER_LINEAR and of
    /// PyTorch's interpolate(align_corners=False)): source x = (dst x + 0.5) * srcW / dstW - 0.5, clamped to
    /// the edge. No antialiasing pre-filter, so strong downscaling can alias; BDGP images are close to
    /// 320 x 128 already, which keeps this harmless. Results are rounded to the nearest grey level.
    /// </summary>
    public GreyImage ResizeBilinear(int width, int height)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "expected a non-empty target size");
        if (width == Width && height == Height) return new GreyImage(width, height, (byte[])Pixels.Clone());
        var dst = new byte[width * height];
        var x0 = new int[width];
        var x1 = new int[width];
        var fx = new float[width];
        for (int x = 0; x < width; x++)
            SourceTap((x + 0.5) * Width / width - 0.5, Width, out x0[x], out x1[x], out fx[x]);
        for (int y = 0; y < height; y++)
        {
            SourceTap((y + 0.5) * Height / height - 0.5, Height, out int y0, out int y1, out float fy);
            int r0 = y0 * Width, r1 = y1 * Width;
            for (int x = 0; x < width; x++)
            {
                float top = Pixels[r0 + x0[x]] + (Pixels[r0 + x1[x]] - Pixels[r0 + x0[x]]) * fx[x];
                float bottom = Pixels[r1 + x0[x]] + (Pixels[r1 + x1[x]] - Pixels[r1 + x0[x]]) * fx[x];
                float v = top + (bottom - top) * fy;
                dst[y * width + x] = (byte)Math.Clamp((int)MathF.Round(v), 0, 255);
            }
        }
        return new GreyImage(width, height, dst);
    }

    private static void SourceTap(double position, int size, out int i0, out int i1, out float fraction)
    {
        position = Math.Clamp(position, 0.0, size - 1);
        i0 = (int)Math.Floor(position);
        i1 = Math.Min(i0 + 1, size - 1);
        fraction = (float)(position - i0);
    }
}
