using Xunit;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Tests.Images;

public class GreyImageTests
{
    [Fact]
    public void LumaIsPilsFixedPointFormula()
    {
        var r = new Random(9);
        for (int i = 0; i < 10000; i++)
        {
            byte R = (byte)r.Next(256), G = (byte)r.Next(256), B = (byte)r.Next(256);
            // PIL's formula evaluated in doubles and rounded half up; the fixed-point form must agree everywhere.
            int expected = (int)Math.Floor((R * 19595.0 + G * 38470.0 + B * 7471.0) / 65536.0 + 0.5);
            Assert.Equal(expected, GreyImage.Luma(R, G, B));
        }
        Assert.Equal(255, GreyImage.Luma(255, 255, 255));
        Assert.Equal(29, GreyImage.Luma(0, 0, 255));
    }

    [Fact]
    public void RgbaConversionIgnoresAlpha()
    {
        var rgba = new RgbImage(2, 1, 4, [10, 200, 30, 0, 10, 200, 30, 255]);
        var grey = GreyImage.FromRgb(rgba);
        Assert.Equal(grey[0, 0], grey[1, 0]);
        Assert.Equal(GreyImage.Luma(10, 200, 30), grey[0, 0]);
    }

    [Fact]
    public void BilinearResizeKeepsConstantsAndInterpolatesRamps()
    {
        var flat = new GreyImage(7, 5, Enumerable.Repeat((byte)77, 35).ToArray());
        Assert.All(flat.ResizeBilinear(320, 128).Pixels, v => Assert.Equal(77, v));

        // A horizontal ramp 0,100,200 doubled to 6 wide: centres at -0.25, 0.25, 0.75, 1.25, 1.75, 2.25 (clamped).
        var ramp = new GreyImage(3, 1, [0, 100, 200]);
        Assert.Equal(new byte[] { 0, 25, 75, 125, 175, 200 }, ramp.ResizeBilinear(6, 1).Pixels);
        // Halving averages neighbour pairs exactly at their shared centre.
        var four = new GreyImage(4, 1, [0, 100, 200, 250]);
        Assert.Equal(new byte[] { 50, 225 }, four.ResizeBilinear(2, 1).Pixels);
    }

    [Fact]
    public void FiltersDropBlankAndResizeOffSizeImages()
    {
        var blank = new GreyImage(320, 128, new byte[320 * 128]);
        Assert.Null(new ImageFilterOptions().Apply(blank, out string? why));
        Assert.Equal("all black", why);
        var white = new GreyImage(320, 128, Enumerable.Repeat((byte)255, 320 * 128).ToArray());
        Assert.Null(new ImageFilterOptions().Apply(white, out why));
        Assert.Contains("standard deviation", why);

        var r = new Random(1);
        var small = new GreyImage(160, 64, Enumerable.Range(0, 160 * 64).Select(_ => (byte)r.Next(256)).ToArray());
        var resized = new ImageFilterOptions().Apply(small, out _);
        Assert.Equal((320, 128), (resized!.Width, resized.Height));
        Assert.Null(new ImageFilterOptions { OffSize = OffSizePolicy.Drop }.Apply(small, out why));
        Assert.Contains("strict size", why);
    }
}
