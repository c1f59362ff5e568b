using GrnGpu.Models.Training.Plots;
using Xunit;

namespace GrnGpu.Tests.Plots;

public class CanvasAndFontTests
{
    private static readonly ChartColor Red = new(200, 0, 0);

    [Fact]
    public void TheFontCoversWhatChartsWrite()
    {
        const string required = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,-+():/% ";
        Assert.All(required, c => Assert.True(BitmapFont.HasGlyph(c), $"no glyph for '{c}'"));
        Assert.All(required.Where(c => c != ' '), c =>
            Assert.True(Enumerable.Range(0, BitmapFont.Rows).Any(r => Enumerable.Range(0, BitmapFont.GlyphWidth).Any(k => BitmapFont.Ink(c, k, r))), $"'{c}' is blank"));
        // Distinct glyphs for characters that are easy to confuse.
        Assert.NotEqual(Bits('0'), Bits('O'));
        Assert.NotEqual(Bits('1'), Bits('l'));
        Assert.NotEqual(Bits('5'), Bits('S'));
        Assert.Equal(Bits('?'), Bits('\u2603')); // unknown characters draw as '?'
        Assert.Equal(2 * (3 * 6 - 1), BitmapFont.Measure("0.5", 2));
    }

    [Fact]
    public void TextDrawsAtScaleHorizontallyAndVertically()
    {
        var canvas = new Canvas(60, 60, ChartColor.White);
        BitmapFont.Draw(canvas, "L", 10, 10, 3, Red);
        // 'L' is the left column plus the bottom row: (0, 0) and (4, 6) are ink, (4, 0) is not.
        Assert.Equal(Red, canvas.GetPixel(10, 10));
        Assert.Equal(Red, canvas.GetPixel(12, 12));
        Assert.Equal(Red, canvas.GetPixel(10 + 4 * 3 + 2, 10 + 6 * 3 + 2));
        Assert.Equal(ChartColor.White, canvas.GetPixel(10 + 4 * 3, 10));

        var turned = new Canvas(60, 60, ChartColor.White);
        BitmapFont.Draw(turned, "L", 10, 10, 1, Red, vertical: true);
        // Turned anticlockwise the left column of 'L' runs along the bottom edge of its box, the base along the right.
        Assert.Equal(Red, turned.GetPixel(10, 10 + 4));
        Assert.Equal(Red, turned.GetPixel(16, 10));
        Assert.Equal(ChartColor.White, turned.GetPixel(10, 10));
    }

    [Fact]
    public void ThickLinesHaveSolidCentresAndSoftEdges()
    {
        var canvas = new Canvas(40, 20, ChartColor.White);
        canvas.DrawLine(5, 10, 35, 10, Red, 3); // rows 9 and 10 lie fully inside, rows 8 and 11 half
        Assert.Equal(Red, canvas.GetPixel(20, 9));
        Assert.Equal(Red, canvas.GetPixel(20, 10));
        foreach (int row in new[] { 8, 11 })
        {
            var edge = canvas.GetPixel(20, row);
            Assert.Equal(new ChartColor(228, 128, 128), edge);
        }
        Assert.Equal(ChartColor.White, canvas.GetPixel(20, 12));
        Assert.Equal(ChartColor.White, canvas.GetPixel(20, 7));

        var hard = new Canvas(40, 20, ChartColor.White) { AntiAlias = false };
        hard.DrawLine(3, 2, 37, 17, Red, 2);
        for (int y = 0; y < 20; y++)
            for (int x = 0; x < 40; x++)
                Assert.True(hard.GetPixel(x, y) is var p && (p == Red || p == ChartColor.White));
    }

    [Fact]
    public void DrawingStaysInsideTheClip()
    {
        var canvas = new Canvas(30, 30, ChartColor.White);
        canvas.SetClip(10, 10, 20, 20);
        canvas.DrawLine(0, 15, 30, 15, Red, 4);
        canvas.FillRect(0, 0, 30, 30, Red);
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 30; x++)
                Assert.Equal(x is >= 10 and < 20 && y is >= 10 and < 20, canvas.GetPixel(x, y) == Red);
    }

    [Fact]
    public void PolylineJointsAreNotBlendedTwice()
    {
        var once = new Canvas(30, 30, ChartColor.White);
        once.DrawPolyline([(5.0, 5.0), (15.3, 15.1), (25.0, 5.0)], Red, 2);
        var edge = once.GetPixel(15, 17);
        var single = new Canvas(30, 30, ChartColor.White);
        single.DrawLine(5, 5, 15.3, 15.1, Red, 2);
        Assert.Equal(single.GetPixel(15, 17), edge);
    }

    private static bool[] Bits(char c) =>
        Enumerable.Range(0, BitmapFont.Rows * BitmapFont.GlyphWidth).Select(i => BitmapFont.Ink(c, i % BitmapFont.GlyphWidth, i / BitmapFont.GlyphWidth)).ToArray();
}
