using System.Buffers.Binary;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Training.Plots;
using Xunit;

namespace GrnGpu.Tests.Plots;

public class PngEncoderTests
{
    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(3, 37, 23)]
    [InlineData(4, 19, 41)]
    public void RandomImagesRoundTripThroughTheProjectDecoder(int channels, int width, int height)
    {
        var pixels = new byte[width * height * channels];
        new Random(width * 31 + height).NextBytes(pixels);
        var image = new RgbImage(width, height, channels, pixels);

        var decoded = ImageDecoder.Decode(PngEncoder.Encode(image), "random.png");

        Assert.Equal((width, height, channels), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void SmoothImagesUseEveryFilterAndStillRoundTrip()
    {
        // Gradients and stripes make sub, up, average and Paeth each win on some row.
        int w = 64, h = 48;
        var pixels = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * 3;
                pixels[i] = (byte)(x * 4);
                pixels[i + 1] = (byte)(y * 5);
                pixels[i + 2] = (byte)(y % 7 == 0 ? 255 : (x + y) * 3);
            }
        var png = PngEncoder.Encode(new RgbImage(w, h, 3, pixels));
        Assert.Equal(pixels, ImageDecoder.Decode(png, "smooth.png").Pixels);
    }

    [Fact]
    public void ChunksAreIhdrIdatIendWithValidCrcs()
    {
        var png = PngEncoder.Encode(new RgbImage(2, 2, 3, new byte[12]));
        Assert.Equal(SkiaSharp.SKEncodedImageFormat.Png, SkiaImageDecoder.Sniff(png));
        var names = new List<string>();
        int pos = 8;
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            names.Add(System.Text.Encoding.ASCII.GetString(png, pos + 4, 4));
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(pos + 4, 4 + length)), stored);
            pos += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], names);
        Assert.Equal(png.Length, pos);
        Assert.Equal(8, png[8 + 8 + 8]);  // bit depth
        Assert.Equal(2, png[8 + 8 + 9]);  // colour type RGB
    }
}
