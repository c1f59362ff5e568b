using System.Globalization;
using System.Xml.Linq;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Training.Plots;
using GrnGpu.Tests.Data;
using Xunit;

namespace GrnGpu.Tests.Plots;

public class ChartRenderingTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>One flat series at y = 0.5 across a fixed [0, 1] x [0, 1] plot.</summary>
    private static LineChart Flat() =>
        new("Flat line", Axis.Unit("x"), Axis.Unit("y"), [new Series("half", [(0.0, 0.5), (1.0, 0.5)])]);

    [Fact]
    public void PngRoundTripsWithTheSeriesColourOnTheLineAndBackgroundElsewhere()
    {
        using var folder = new TempFolder();
        var chart = Flat();
        var (svgPath, pngPath) = ChartFiles.Write(chart, folder.File("flat"));

        Assert.Equal(folder.File("flat.svg"), svgPath);
        Assert.Equal(folder.File("flat.png"), pngPath);
        var image = ImageDecoder.Decode(File.ReadAllBytes(pngPath), pngPath);
        Assert.Equal((800, 600, 3), (image.Width, image.Height, image.Channels));

        var layout = ChartLayout.For(chart, 800, 600);
        ChartColor At(double x, double y) => Pixel(image, (int)Math.Floor(layout.MapX(x)), (int)Math.Floor(layout.MapY(y)));
        Assert.Equal(Palette.Color(0), At(0.37, 0.5));
        Assert.Equal(Palette.Color(0), At(0.81, 0.5));
        Assert.Equal(ChartColor.White, At(0.3, 0.3));   // between grid lines, away from the line and legend
        Assert.Equal(ChartColor.White, At(0.7, 0.1));
        Assert.Equal(ChartColor.White, Pixel(image, 2, 2));
        Assert.Equal(ChartColor.White, Pixel(image, 797, 597));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void TextIsDrawnIntoThePng()
    {
        var chart = Flat();
        var layout = ChartLayout.For(chart, 800, 600);
        var canvas = ChartRasterizer.Render(chart);
        // The title band holds ink; so does the tick label "0.5" left of the plot.
        Assert.True(CountInk(canvas, 0, layout.TitleTop, 800, BitmapFont.LineHeight(ChartLayout.TitleScale)) > 50);
        int y = (int)layout.MapY(0.5);
        Assert.True(CountInk(canvas, 0, y - 8, layout.PlotLeft - ChartLayout.TickLength - 1, 16) > 20);
    }

    [Fact]
    public void SvgParsesWithOnePolylinePerSeries()
    {
        var chart = new LineChart("Three <series> & more", new Axis("epoch"), new Axis("loss"),
        [
            new Series("train", [(1.0, 0.9), (2.0, 0.5), (3.0, 0.4)]),
            new Series("valid \"b\"", [(1.0, 1.0), (2.0, 0.7), (3.0, 0.65)]),
            new Series("one point", [(2.0, 0.8)]),
        ]) { DiagonalReference = true };

        var doc = XDocument.Parse(SvgChartWriter.Render(chart));

        Assert.Equal(Svg + "svg", doc.Root!.Name);
        var polylines = doc.Descendants(Svg + "polyline").ToArray();
        Assert.Equal(3, polylines.Length);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(chart.ColorOf(i).Hex, (string?)polylines[i].Attribute("stroke"));
            Assert.Equal(chart.Series[i].Points.Count, Points(polylines[i]).Length);
        }
        Assert.Single(doc.Descendants(Svg + "circle"));
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "Three <series> & more");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "valid \"b\"");
    }

    [Fact]
    public void SvgNumbersIgnoreTheCurrentCulture()
    {
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        var saved = CultureInfo.CurrentCulture;
        string svg;
        try
        {
            CultureInfo.CurrentCulture = comma;
            svg = SvgChartWriter.Render(TrainingCharts.Roc([("m", [0, 1, 1, 0], [0.1, 0.8, 0.35, 0.4])]));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        var doc = XDocument.Parse(svg);
        var points = Points(doc.Descendants(Svg + "polyline").Single());
        Assert.Equal(Curves.Roc([0, 1, 1, 0], [0.1, 0.8, 0.35, 0.4]).Length, points.Length);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "0.2");
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "m (AUROC 0.750)");
    }

    [Fact]
    public void SinglePointAndAllEqualValuesStillRender()
    {
        var chart = new LineChart("Degenerate", new Axis("x"), new Axis("y"),
        [
            new Series("dot", [(3.0, 3.0)]),
            new Series("flat", [(1.0, 3.0), (5.0, 3.0)]),
            new Series("empty", []),
        ]);
        var layout = ChartLayout.For(chart, 800, 600);
        Assert.True(layout.YScale.Min < 3 && layout.YScale.Max > 3);
        Assert.True(layout.XScale.Min <= 1 && layout.XScale.Max >= 5);

        var image = ImageDecoder.Decode(PngEncoder.Encode(ChartRasterizer.Render(chart).ToImage()), "degenerate.png");
        // The flat line (drawn after the dot) covers y = 3; the dot's colour shows just above the line.
        Assert.Equal(chart.ColorOf(1), Pixel(image, (int)layout.MapX(2), (int)layout.MapY(3)));
        Assert.Equal(chart.ColorOf(0), Pixel(image, (int)layout.MapX(3), (int)layout.MapY(3) - 3));

        var doc = XDocument.Parse(SvgChartWriter.Render(chart));
        Assert.Equal(3, doc.Descendants(Svg + "polyline").Count());
    }

    [Fact]
    public void ChartFilesReplaceEarlierFiles()
    {
        using var folder = new TempFolder();
        string path = folder.File("sub/dir/chart");
        ChartFiles.Write(Flat(), path);
        var first = File.ReadAllBytes(path + ".png");
        ChartFiles.Write(new LineChart("Other", Axis.Unit("x"), Axis.Unit("y"), []), path, 400, 300);
        var second = ImageDecoder.Decode(File.ReadAllBytes(path + ".png"), "chart.png");
        Assert.Equal((400, 300), (second.Width, second.Height));
        Assert.NotEqual(first, File.ReadAllBytes(path + ".png"));
        Assert.Equal(new[] { "chart.png", "chart.svg" }, Directory.GetFiles(folder.File("sub/dir")).Select(p => Path.GetFileName(p)).Order().ToArray());
    }

    [Fact]
    public void LongCurvesAreThinnedToWhatThePlotCanShow()
    {
        var r = new Random(3);
        int n = 100_000;
        var labels = Enumerable.Range(0, n).Select(_ => r.Next(2)).ToArray();
        var scores = labels.Select(l => r.NextDouble() + 0.3 * l).ToArray();
        var chart = TrainingCharts.Roc([("many", labels, scores)]);
        var layout = ChartLayout.For(chart, 800, 600);

        var points = Points(XDocument.Parse(SvgChartWriter.Render(chart)).Descendants(Svg + "polyline").Single());

        Assert.InRange(points.Length, 100, 8000);
        Assert.True(chart.Series[0].Points.Count > 10 * points.Length);
        Assert.Equal(layout.MapX(0), points[0].X, 2);
        Assert.Equal(layout.MapY(0), points[0].Y, 2);
        Assert.Equal(layout.MapX(1), points[^1].X, 2);
        Assert.Equal(layout.MapY(1), points[^1].Y, 2);
    }

    [Fact]
    public void TooSmallAChartIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartRasterizer.Render(Flat(), 100, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => SvgChartWriter.Render(Flat(), 100, 100));
    }

    [Fact]
    public void AutoLegendAvoidsTheLines()
    {
        // A rising line fills the top-right and bottom-left corners; the legend goes top-left or bottom-right.
        var rising = new LineChart("Rising", Axis.Unit("x"), Axis.Unit("y"), [new Series("up", [(0.0, 0.0), (1.0, 1.0)])]);
        Assert.Contains(ChartLayout.For(rising, 800, 600).LegendCorner, new[] { LegendCorner.TopLeft, LegendCorner.BottomRight });
        var falling = new LineChart("Falling", Axis.Unit("x"), Axis.Unit("y"),
            [new Series("loss", [(0.0, 1.0), (0.2, 0.4), (1.0, 0.1)]), new Series("auc", [(0.0, 0.5), (0.2, 0.9), (1.0, 0.97)])]);
        Assert.Equal(LegendCorner.BottomLeft, ChartLayout.For(falling, 800, 600).LegendCorner);
    }

    internal static ChartColor Pixel(RgbImage image, int x, int y)
    {
        int i = image.Offset(x, y);
        return new ChartColor(image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    private static int CountInk(Canvas canvas, int x0, int y0, int width, int height)
    {
        int ink = 0;
        for (int y = y0; y < y0 + height; y++)
            for (int x = x0; x < x0 + width; x++)
                if (canvas.GetPixel(x, y) == new ChartColor(0x22, 0x22, 0x22)) ink++;
        return ink;
    }

    private static (double X, double Y)[] Points(XElement polyline) =>
        ((string)polyline.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToArray();
}
