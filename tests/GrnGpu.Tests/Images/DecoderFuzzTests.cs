using System.Diagnostics;
using Xunit;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Tests.Images;

/// <summary>
/// Thousands of damaged files (seeded byte flips, truncations, header rewrites) of every accepted format: the
/// reader (SkiaSharp underneath) may succeed or throw ImageFormatException, never anything else, nor crash.
/// </summary>
public class DecoderFuzzTests
{
    private static IEnumerable<byte[]> Seeds()
    {
        var r = new Random(1);
        byte[] Rgba(int w, int h) { var b = new byte[w * h * 4]; r.NextBytes(b); return b; }
        yield return TestBmp.Build(9, 5, Rgba(9, 5), 24);
        yield return TestBmp.Build(9, 5, Rgba(9, 5), 32, topDown: true, headerSize: 124, bitfields: true);
        yield return TestBmp.Build(9, 5, Rgba(9, 5), 16);
        var palette = Enumerable.Range(0, 16).Select(_ => new byte[] { (byte)r.Next(256), 1, 2 }).ToArray();
        yield return TestBmp.Build(9, 5, new byte[9 * 5 * 4], 4, palette: palette, indices: Enumerable.Range(0, 45).Select(i => i % 16).ToArray());
        foreach (int colorType in new[] { 0, 2, 3, 4, 6 })
        {
            int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
            var rows = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 7 * channels).Select(_ => (byte)r.Next(colorType == 3 ? 4 : 256)).ToArray()).ToArray();
            yield return TestPng.Encode(7, 6, colorType, 8, rows, [0, 1, 2, 3, 4], colorType == 3 ? new byte[12] : null, idatPieces: 2);
        }
        // The formats SkiaSharp added: JPEG (YCbCr and CMYK), WebP (lossy and lossless), an animated GIF.
        var rgba = Rgba(40, 24);
        for (int i = 3; i < rgba.Length; i += 4) rgba[i] = 255;
        yield return ImageInputTests.Encode(rgba, SkiaSharp.SKEncodedImageFormat.Jpeg);
        yield return ImageInputTests.Encode(rgba, SkiaSharp.SKEncodedImageFormat.Webp);
        yield return ImageInputTests.Encode(rgba, SkiaSharp.SKEncodedImageFormat.Png);
        yield return TestJpegGif.CmykJpeg(10, 200, 30, 99);
        yield return TestJpegGif.AnimatedGif(5, 3, [0, 0, 0, 255, 255, 255, 200, 40, 40, 30, 60, 220],
            Enumerable.Range(0, 15).Select(i => (byte)(i % 4)).ToArray(), new byte[15]);
    }

    [Fact]
    public void DamagedFilesOnlyEverThrowImageFormatException()
    {
        var watch = Stopwatch.StartNew();
        var r = new Random(2024);
        int cases = 0, decoded = 0, rejected = 0;
        var seeds = Seeds().ToList();
        for (int round = 0; round < 800; round++)
        foreach (var seed in seeds)
        {
            var data = Mutate(seed, r);
            cases++;
            try
            {
                var image = ImageDecoder.Decode(data, "fuzz");
                Assert.Equal((long)image.Width * image.Height * image.Channels, image.Pixels.Length);
                decoded++;
            }
            catch (ImageFormatException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {cases}: {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(data)}");
            }
        }
        Assert.True(cases >= 10000, $"{cases} cases");
        Assert.True(decoded > 100 && rejected > 100, $"decoded {decoded}, rejected {rejected}: the mutations should produce both");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    private static byte[] Mutate(byte[] seed, Random r)
    {
        var data = (byte[])seed.Clone();
        switch (r.Next(5))
        {
            case 0: // a few random byte flips anywhere
                for (int i = r.Next(1, 4); i > 0; i--) data[r.Next(data.Length)] ^= (byte)(1 << r.Next(8));
                break;
            case 1: // truncation
                data = data.AsSpan(0, r.Next(data.Length)).ToArray();
                break;
            case 2: // header damage: random bytes in the first 70
                for (int i = r.Next(1, 3); i > 0; i--) data[r.Next(Math.Min(70, data.Length))] = (byte)r.Next(256);
                break;
            case 3: // an extreme 32-bit value written at a random header position (sizes, offsets, lengths)
                int at = r.Next(2, Math.Min(60, data.Length - 4));
                BitConverter.GetBytes(r.Next(2) == 0 ? int.MaxValue - r.Next(100) : -r.Next(1, 100000)).CopyTo(data, at);
                break;
            default: // random garbage appended after a valid prefix
                int keep = r.Next(data.Length);
                var tail = new byte[r.Next(1, 64)];
                r.NextBytes(tail);
                data = data.AsSpan(0, keep).ToArray().Concat(tail).ToArray();
                break;
        }
        return data;
    }
}
