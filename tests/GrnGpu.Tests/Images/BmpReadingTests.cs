using Xunit;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Tests.Images;

public class BmpReadingTests
{
    private const int W = 13, H = 7; // odd width: rows need padding at 24, 8, 4 and 1 bits

    private static byte[] RandomRgba(int seed)
    {
        var b = new byte[W * H * 4];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static byte[] Rgb(byte[] rgba) => rgba.Chunk(4).SelectMany(p => p.Take(3)).ToArray();

    [Theory]
    [InlineData(24, false, 40)]
    [InlineData(24, true, 40)]
    [InlineData(24, false, 124)]
    [InlineData(32, false, 40)]
    [InlineData(32, true, 108)]
    public void DecodesDirectColourBothRowOrders(int bits, bool topDown, int header)
    {
        var rgba = RandomRgba(bits + header);
        var image = ImageDecoder.Decode(TestBmp.Build(W, H, rgba, bits, topDown, header), "t.bmp");
        Assert.Equal((W, H, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(Rgb(rgba), image.Pixels); // 32-bit BI_RGB is BGRX: the fourth byte is not alpha
    }

    [Theory]
    [InlineData(40)]
    [InlineData(108)]
    [InlineData(124)]
    public void ThirtyTwoBitBitfieldsKeepAlphaWhenMasked(int header)
    {
        var rgba = RandomRgba(header);
        var image = ImageDecoder.Decode(TestBmp.Build(W, H, rgba, 32, headerSize: header, bitfields: true), "t.bmp");
        if (header == 40)
            Assert.Equal(Rgb(rgba), image.Pixels); // three masks after a BITMAPINFOHEADER: no alpha
        else
            Assert.Equal(rgba, image.Pixels);
    }

    [Fact]
    public void SixteenBitIsFiveFiveFive()
    {
        var rgba = RandomRgba(16);
        var image = ImageDecoder.Decode(TestBmp.Build(W, H, rgba, 16), "t.bmp");
        byte Scale(byte v) => (byte)(((v >> 3) * 255 + 15) / 31);
        Assert.Equal(Rgb(rgba).Select(Scale).ToArray(), image.Pixels);
    }

    [Theory]
    [InlineData(8, 200)]
    [InlineData(4, 16)]
    [InlineData(1, 2)]
    public void PaletteImagesLookUpTheirColours(int bits, int entries)
    {
        var random = new Random(bits);
        var palette = Enumerable.Range(0, entries).Select(_ => { var c = new byte[3]; random.NextBytes(c); return c; }).ToArray();
        var indices = Enumerable.Range(0, W * H).Select(_ => random.Next(entries)).ToArray();
        var image = ImageDecoder.Decode(TestBmp.Build(W, H, new byte[W * H * 4], bits, palette: palette, indices: indices), "p.bmp");
        Assert.Equal(indices.SelectMany(i => palette[i]).ToArray(), image.Pixels);
    }

    [Fact]
    public void EncoderRoundTrips()
    {
        var rgb = new byte[W * H * 3];
        new Random(3).NextBytes(rgb);
        var original = new RgbImage(W, H, 3, rgb);
        var decoded = ImageDecoder.Decode(BmpEncoder.Encode(original), "round.bmp");
        Assert.Equal((W, H, 3), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(rgb, decoded.Pixels);
    }

    [Fact]
    public void BadFilesGetErrorsNamingFileAndProblem()
    {
        var good = TestBmp.Build(W, H, RandomRgba(1), 24);
        var truncated = good.AsSpan(0, good.Length - 100).ToArray();
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(truncated, "cut.bmp"));
        Assert.StartsWith("cut.bmp: ", e.Message);
        Assert.Contains("truncated", e.Message);

        var huge = (byte[])good.Clone();
        BitConverter.GetBytes(30000).CopyTo(huge, 18);
        BitConverter.GetBytes(30000).CopyTo(huge, 22);
        Assert.Contains("maximum", Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(huge, "huge.bmp")).Message);

        // RLE8 claimed by a 24-bit file, and a DIB header size no BMP has: refused by SkiaSharp's BMP codec.
        var rle = (byte[])good.Clone();
        rle[30] = 1;
        Assert.StartsWith("rle.bmp: ", Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(rle, "rle.bmp")).Message);

        var oddHeader = (byte[])good.Clone();
        oddHeader[14] = 41;
        Assert.StartsWith("h.bmp: ", Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(oddHeader, "h.bmp")).Message);
    }
}
