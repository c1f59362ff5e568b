using Xunit;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Tests.Images;

/// <summary>
/// Before our BMP/PNG decoders go: SkiaSharp's pixels, turned grey by the same rule (GreyImage.FromRgb, PIL's
/// luma), equal ours within one grey level on every real BDGP image and on the BMP/PNG variants the tests build.
/// </summary>
public class SkiaEqualityTests
{
    private static void AssertGreyWithinOne(RgbImage ours, RgbImage skia, string what)
    {
        Assert.Equal((ours.Width, ours.Height), (skia.Width, skia.Height));
        var a = GreyImage.FromRgb(ours).Pixels;
        var b = GreyImage.FromRgb(skia).Pixels;
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= 1, $"{what}: pixel {i % ours.Width},{i / ours.Width}: ours {a[i]}, Skia {b[i]}");
    }

    [Fact]
    public void EverySampleBmpDecodesToTheSameGreyWithinOneLevel()
    {
        string root = Requirements.SharedData("bdgp-sample");
        var files = Directory.GetFiles(root, "*.bmp", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(193, files.Length);
        int exact = 0;
        foreach (string file in files)
        {
            byte[] data = File.ReadAllBytes(file);
            var ours = BmpDecoder.Decode(data, file);
            var skia = SkiaImageDecoder.Decode(data, file);
            AssertGreyWithinOne(ours, skia, file);
            if (GreyImage.FromRgb(ours).Pixels.AsSpan().SequenceEqual(GreyImage.FromRgb(skia).Pixels)) exact++;
        }
        Assert.Equal(193, exact); // 24-bit BGR: no rounding anywhere, so in fact bit for bit
    }

    [Theory]
    [InlineData(24, false, 40, false)]
    [InlineData(24, true, 124, false)]
    [InlineData(32, false, 40, false)]
    [InlineData(32, true, 108, true)]
    [InlineData(16, false, 40, false)]
    public void SyntheticBmpVariantsAgree(int bits, bool topDown, int header, bool bitfields)
    {
        var rgba = new byte[13 * 7 * 4];
        new Random(bits + header).NextBytes(rgba);
        var bmp = TestBmp.Build(13, 7, rgba, bits, topDown, header, bitfields: bitfields);
        AssertGreyWithinOne(BmpDecoder.Decode(bmp, "t.bmp"), SkiaImageDecoder.Decode(bmp, "t.bmp"), $"{bits}-bit BMP");
    }

    [Theory]
    [InlineData(0, 8)]
    [InlineData(2, 8)]
    [InlineData(3, 8)]
    [InlineData(4, 8)]
    [InlineData(6, 8)]
    [InlineData(0, 16)]
    [InlineData(2, 16)]
    [InlineData(6, 16)]
    public void SyntheticPngVariantsAgree(int colorType, int depth)
    {
        var random = new Random(colorType * 100 + depth);
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        int width = 23, height = 15;
        var rows = Enumerable.Range(0, height).Select(_ => Enumerable.Range(0, width * channels * depth / 8)
            .Select(_ => (byte)random.Next(colorType == 3 ? 40 : 256)).ToArray()).ToArray();
        byte[]? palette = colorType == 3 ? Enumerable.Range(0, 40 * 3).Select(_ => (byte)random.Next(256)).ToArray() : null;
        var png = TestPng.Encode(width, height, colorType, depth, rows, [0, 1, 2, 3, 4], palette);
        AssertGreyWithinOne(PngDecoder.Decode(png, "t.png"), SkiaImageDecoder.Decode(png, "t.png"), $"PNG type {colorType}, {depth}-bit");
    }
}
