using SkiaSharp;
using Xunit;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Tests.Images;

/// <summary>
/// The formats the reader accepts (BMP, PNG, JPEG, GIF, WebP, through SkiaSharp) and the bad inputs it must
/// refuse with one clear line: each is decoded as stated or rejected with its reason, never a crash.
/// </summary>
public class ImageInputTests
{
    private const int W = 40, H = 24;

    // A smooth colour image (JPEG-friendly), RGBA.
    private static byte[] Gradient()
    {
        var rgba = new byte[W * H * 4];
        for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
        {
            int o = (y * W + x) * 4;
            rgba[o] = (byte)(x * 6);
            rgba[o + 1] = (byte)(y * 10);
            rgba[o + 2] = (byte)(255 - x * 3);
            rgba[o + 3] = 255;
        }
        return rgba;
    }

    private static byte[] Grey(byte[] rgba) => rgba.Chunk(4).Select(p => GreyImage.Luma(p[0], p[1], p[2])).ToArray();

    /// <summary>Encodes W x H RGBA with SkiaSharp itself.</summary>
    internal static byte[] Encode(byte[] rgba, SKEncodedImageFormat format) => Encode(rgba, W, H, format);

    /// <summary>Encodes RGBA with SkiaSharp itself: PNG, lossless WebP, or JPEG at quality 100 without chroma subsampling.</summary>
    internal static byte[] Encode(byte[] rgba, int width, int height, SKEncodedImageFormat format)
    {
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(rgba, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), handle.AddrOfPinnedObject());
            using var data = format switch
            {
                SKEncodedImageFormat.Webp => pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100)),
                SKEncodedImageFormat.Jpeg => pixmap.Encode(new SKJpegEncoderOptions(100, SKJpegEncoderDownsample.Downsample444, SKJpegEncoderAlphaOption.Ignore)),
                _ => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6)),
            };
            return data?.ToArray() ?? throw new InvalidOperationException($"SkiaSharp did not encode {format}");
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>A decoded image as RGBA (alpha 255 where it had none).</summary>
    internal static byte[] Rgba(RgbImage image) =>
        image.Channels == 4 ? image.Pixels : image.Pixels.Chunk(3).SelectMany(p => new[] { p[0], p[1], p[2], (byte)255 }).ToArray();

    private static ImageFormatException Rejects(byte[] data, string file) =>
        Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, file));

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 0)]
    [InlineData(SKEncodedImageFormat.Webp, 0)]
    [InlineData(SKEncodedImageFormat.Jpeg, 2)]
    public void SkiaEncodedImagesDecodeToTheirGrey(SKEncodedImageFormat format, int tolerance)
    {
        var rgba = Gradient();
        var image = ImageDecoder.Decode(Encode(rgba, format), "x." + format);
        Assert.Equal((W, H), (image.Width, image.Height));
        var grey = GreyImage.FromRgb(image).Pixels;
        var expected = Grey(rgba);
        int worst = grey.Zip(expected).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= tolerance, $"{format}: grey off by up to {worst}");
    }

    [Fact]
    public void BmpFromOurEncoderDecodesExactly()
    {
        var rgb = Gradient().Chunk(4).SelectMany(p => p.Take(3)).ToArray();
        var image = ImageDecoder.Decode(BmpEncoder.Encode(new RgbImage(W, H, 3, rgb)), "x.bmp");
        Assert.Equal(3, image.Channels);
        Assert.Equal(rgb, image.Pixels);
    }

    [Fact]
    public void EmptyFileIsRejected() =>
        Assert.Equal("e.jpg: at byte 0: the file is empty: expected a BMP, PNG, JPEG, GIF or WebP image", Rejects([], "e.jpg").Message);

    [Fact]
    public void TextFileNamedJpgIsRejectedByItsBytes()
    {
        var e = Rejects("gene\tstage\nDl\t4-6\n"u8.ToArray(), "embryo.jpg");
        Assert.StartsWith("embryo.jpg: at byte 0: unrecognised image format (first bytes 67656E6509737461)", e.Message);
        Assert.Contains("TIFF", Rejects([(byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0], "t.tif").Message);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    [InlineData(SKEncodedImageFormat.Bmp)]
    public void TruncatedFilesAreRejectedNotHalfDecoded(SKEncodedImageFormat format)
    {
        var rgb = Gradient().Chunk(4).SelectMany(p => p.Take(3)).ToArray();
        var whole = format == SKEncodedImageFormat.Bmp ? BmpEncoder.Encode(new RgbImage(W, H, 3, rgb)) : Encode(Gradient(), format);
        foreach (int keep in new[] { whole.Length / 2, whole.Length * 9 / 10, 20, 4 })
        {
            var e = Rejects(whole.AsSpan(0, keep).ToArray(), "cut");
            Assert.StartsWith("cut: ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        Assert.Contains("truncated", Rejects(whole.AsSpan(0, whole.Length / 2).ToArray(), "cut").Message);
    }

    [Fact]
    public void HugeHeadersAreRejectedBeforeAnyPixelIsAllocated()
    {
        // PNG: IHDR claims 100000 x 100000 (10^10 pixels); the IDAT is tiny.
        var png = TestPng.Encode(1, 1, 0, 8, [new byte[1]], [0]);
        byte[] huge = (byte[])png.Clone();
        BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(100000)).CopyTo(huge, 16);
        BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(100000)).CopyTo(huge, 20);
        uint crc = TestPng.Crc32(huge.AsSpan(12, 17).ToArray());
        BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(crc)).CopyTo(huge, 29);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Rejects(huge, "huge.png");
        Assert.Equal("huge.png: image size 100000 x 100000 is beyond the accepted maximum (32768 per side, 40000000 pixels)", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "allocated pixels for a refused header");

        // BMP: the same claim in BITMAPINFOHEADER.
        var bmp = BmpEncoder.Encode(new RgbImage(2, 2, 3, new byte[12]));
        BitConverter.GetBytes(100000).CopyTo(bmp, 18);
        BitConverter.GetBytes(100000).CopyTo(bmp, 22);
        Assert.StartsWith("huge.bmp: ", Rejects(bmp, "huge.bmp").Message);

        // Within Skia's limits but beyond ours: 40000 x 2.
        var wide = (byte[])png.Clone();
        BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(40000)).CopyTo(wide, 16);
        crc = TestPng.Crc32(wide.AsSpan(12, 17).ToArray());
        BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(crc)).CopyTo(wide, 29);
        Assert.Contains("beyond the accepted maximum", Rejects(wide, "wide.png").Message);
    }

    [Fact]
    public void SixteenBitPngIsScaledToEightBits()
    {
        // RGB, 16 bits a sample: Skia scales v to round(v * 255 / 65535), within 1 of the high byte (our old rule).
        ushort[] samples = [0x1234, 0xABCD, 0xFF00, 0x0000, 0x0180, 0xFFFF];
        var row = samples.SelectMany(v => new[] { (byte)(v >> 8), (byte)v }).ToArray();
        var image = ImageDecoder.Decode(TestPng.Encode(2, 1, 2, 16, [row], [0]), "rgb16.png");
        Assert.Equal(3, image.Channels);
        for (int i = 0; i < samples.Length; i++)
        {
            int scaled = (int)Math.Round(samples[i] * 255.0 / 65535);
            Assert.True(Math.Abs(image.Pixels[i] - scaled) <= 1 && Math.Abs(image.Pixels[i] - (samples[i] >> 8)) <= 1,
                $"sample {samples[i]:X4}: decoded {image.Pixels[i]}");
        }
    }

    [Fact]
    public void CmykJpegBecomesRgbByTheAdobeRule()
    {
        // Adobe (inverted) CMYK as Photoshop writes it: R = C*K/255, G = M*K/255, B = Y*K/255.
        var image = ImageDecoder.Decode(TestJpegGif.CmykJpeg(200, 100, 50, 180), "cmyk.jpg");
        Assert.Equal((8, 8), (image.Width, image.Height));
        byte[] expected = [(byte)Math.Round(200 * 180 / 255.0), (byte)Math.Round(100 * 180 / 255.0), (byte)Math.Round(50 * 180 / 255.0)];
        for (int p = 0; p < 64; p++)
        for (int c = 0; c < 3; c++)
            Assert.True(Math.Abs(image.Pixels[p * image.Channels + c] - expected[c]) <= 1,
                $"pixel {p} channel {c}: {image.Pixels[p * image.Channels + c]}, expected {expected[c]}");
    }

    [Fact]
    public void AnimatedGifGivesItsFirstFrame()
    {
        byte[] palette = [0, 0, 0, 255, 255, 255, 200, 40, 40, 30, 60, 220];
        var first = Enumerable.Range(0, 5 * 3).Select(i => (byte)(i % 4)).ToArray();
        var second = Enumerable.Repeat((byte)1, 5 * 3).ToArray();
        var image = ImageDecoder.Decode(TestJpegGif.AnimatedGif(5, 3, palette, first, second), "anim.gif");
        Assert.Equal((5, 3), (image.Width, image.Height));
        var rgb = first.SelectMany(i => palette.AsSpan(i * 3, 3).ToArray()).ToArray();
        Assert.Equal(Grey(rgb.Chunk(3).SelectMany(p => new[] { p[0], p[1], p[2], (byte)255 }).ToArray()), GreyImage.FromRgb(image).Pixels);
        // Cut inside the first frame: refused.
        var gif = TestJpegGif.AnimatedGif(5, 3, palette, first, second);
        Assert.StartsWith("anim.gif: ", Rejects(gif.AsSpan(0, 40).ToArray(), "anim.gif").Message);
    }

    [Fact]
    public void TheStoreIndexesEverySupportedExtension()
    {
        string root = Path.Combine(Path.GetTempPath(), "grn-ext-" + Guid.NewGuid().ToString("N"));
        try
        {
            string dir = Path.Combine(root, "Dl", "4-6");
            Directory.CreateDirectory(dir);
            foreach (string name in new[] { "a.bmp", "b.PNG", "c.jpg", "d.jpeg", "e.gif", "f.webp", "g.tif", "h.txt" })
                File.WriteAllBytes(Path.Combine(dir, name), [1]);
            var store = ImageStore.Open(root);
            Assert.Equal(["a.bmp", "b.PNG", "c.jpg", "d.jpeg", "e.gif", "f.webp"],
                store.Images(ImageRole.Tf, "Dl", ImageStore.UnknownView).Select(e => Path.GetFileName(e.Path)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
