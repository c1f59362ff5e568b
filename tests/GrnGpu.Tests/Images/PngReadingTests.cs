using Xunit;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Tests.Images;

public class PngReadingTests
{
    private static byte[] RandomBytes(Random r, int n)
    {
        var b = new byte[n];
        r.NextBytes(b);
        return b;
    }

    // Expected RGBA per pixel from colour type and raw 8-bit samples.
    private static byte[] ExpectedRgba(int colorType, byte[] samples, byte[][]? palette = null, byte[]? trns = null) => colorType switch
    {
        0 => samples.SelectMany(v => new[] { v, v, v, (byte)255 }).ToArray(),
        2 => samples.Chunk(3).SelectMany(p => new[] { p[0], p[1], p[2], (byte)255 }).ToArray(),
        4 => samples.Chunk(2).SelectMany(p => new[] { p[0], p[0], p[0], p[1] }).ToArray(),
        6 => samples,
        _ => samples.SelectMany(i => new[] { palette![i][0], palette[i][1], palette[i][2], trns != null && i < trns.Length ? trns[i] : (byte)255 }).ToArray(),
    };

    private static byte[] AsRgba(RgbImage image) =>
        image.Channels == 4 ? image.Pixels : image.Pixels.Chunk(3).SelectMany(p => new[] { p[0], p[1], p[2], (byte)255 }).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void DecodesEveryColourTypeWithEveryFilter(int colorType)
    {
        var random = new Random(colorType);
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        int width = 23, height = 15; // odd sizes: filters must handle rows that are not a multiple of anything
        byte[][]? palette = colorType == 3 ? Enumerable.Range(0, 40).Select(_ => RandomBytes(random, 3)).ToArray() : null;
        byte[]? trns = colorType == 3 ? RandomBytes(random, 17) : null; // shorter than the palette: the rest is opaque
        // Smooth gradients plus noise, so that sub/up/average/Paeth predictors see realistic neighbours.
        var rows = Enumerable.Range(0, height).Select(y => Enumerable.Range(0, width * channels)
            .Select(i => colorType == 3 ? (byte)random.Next(40) : (byte)(y * 9 + i * 3 + random.Next(12))).ToArray()).ToArray();
        foreach (var filters in new[] { new[] { 0 }, new[] { 1 }, new[] { 2 }, new[] { 3 }, new[] { 4 }, new[] { 0, 1, 2, 3, 4, 4, 3, 2, 1 } })
        {
            var png = TestPng.Encode(width, height, colorType, 8, rows, filters, palette?.SelectMany(p => p).ToArray(), trns, idatPieces: 3);
            var image = ImageDecoder.Decode(png, "test.png");
            Assert.Equal(width, image.Width);
            Assert.Equal(height, image.Height);
            Assert.Equal(colorType is 4 or 6 or 3 ? 4 : 3, image.Channels);
            Assert.Equal(ExpectedRgba(colorType, rows.SelectMany(r => r).ToArray(), palette, trns), AsRgba(image));
        }
    }

    [Fact]
    public void SixteenBitSamplesKeepTheirHighByte()
    {
        var rows = new[] { new byte[] { 0x12, 0x34, 0xAB, 0xCD, 0xFF, 0x00 }, new byte[] { 0, 1, 2, 3, 4, 5 } };
        var image = ImageDecoder.Decode(TestPng.Encode(1, 2, 2, 16, rows, [4]), "rgb16.png");
        Assert.Equal(new byte[] { 0x12, 0xAB, 0xFF, 0, 2, 4 }, image.Pixels);
    }

    [Fact]
    public void PackedGreyAndPaletteDepthsUnpack()
    {
        // 2-bit grey: 0..3 scale to 0, 85, 170, 255; row 0b00011011 holds 0,1,2,3.
        var grey = ImageDecoder.Decode(TestPng.Encode(4, 1, 0, 2, [[0b00011011]], [0]), "g2.png");
        Assert.Equal(new byte[] { 0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255 }, grey.Pixels);
        // 4-bit palette: indices 1 and 2.
        var pal = ImageDecoder.Decode(TestPng.Encode(2, 1, 3, 4, [[0x12]], [0], palette: [0, 0, 0, 10, 20, 30, 40, 50, 60]), "p4.png");
        Assert.Equal(new byte[] { 10, 20, 30, 40, 50, 60 }, pal.Pixels);
    }

    [Fact]
    public void CorruptHeaderCrcIsRefused()
    {
        var png = TestPng.Encode(4, 4, 0, 8, Enumerable.Range(0, 4).Select(_ => new byte[4]).ToArray(), [0]);
        png[8 + 8 + 3] ^= 1; // a byte of the IHDR width
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(png, "bad.png"));
        Assert.Equal("bad.png: file truncated or corrupt: the PNG header ends early or is damaged", e.Message);
    }

    [Fact]
    public void InterlacedDecodesTruncatedAndOversizedFilesGetClearErrors()
    {
        var rows = Enumerable.Range(0, 4).Select(_ => new byte[4]).ToArray();
        var ok = TestPng.Encode(4, 4, 0, 8, rows, [0]);
        // SkiaSharp reads Adam7 (ours refused it). 1 x 1: Adam7's only non-empty pass is the whole image.
        var interlaced = TestPng.Encode(1, 1, 0, 8, [[77]], [0], interlace: 1);
        Assert.Equal(new byte[] { 77, 77, 77 }, ImageDecoder.Decode(interlaced, "i.png").Pixels);

        var truncated = ok.AsSpan(0, ok.Length - 20).ToArray();
        Assert.Contains("truncated", Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(truncated, "t.png")).Message);

        // 100000 x 100000: must fail from the header alone, long before any allocation of that size.
        var huge = TestPng.Encode(100000, 1, 0, 8, [new byte[1]], [0]);
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(FixHeight(huge, 100000), "huge.png"));
        Assert.Contains("maximum", e.Message);
    }

    [Fact]
    public void CutJpegAndUnknownFormatsAreNamed()
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "embryo.jpg"));
        Assert.Equal("embryo.jpg: file truncated or corrupt: the JPEG header ends early or is damaged", e.Message);
        Assert.Contains("unrecognised", Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode("hello"u8, "x.txt")).Message);
        Assert.Contains("empty", Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode([], "e.bmp")).Message);
    }

    // Rewrites IHDR's height and its CRC.
    private static byte[] FixHeight(byte[] png, uint height)
    {
        var copy = (byte[])png.Clone();
        copy[20] = (byte)(height >> 24); copy[21] = (byte)(height >> 16); copy[22] = (byte)(height >> 8); copy[23] = (byte)height;
        uint crc = TestPng.Crc32(copy.AsSpan(12, 17).ToArray());
        copy[29] = (byte)(crc >> 24); copy[30] = (byte)(crc >> 16); copy[31] = (byte)(crc >> 8); copy[32] = (byte)crc;
        return copy;
    }
}
