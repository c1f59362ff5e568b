using GrnGpu.Models.Metrics;
using GrnGpu.Models.Training.Charts;
using SkiaSharp;
using Xunit;

namespace GrnGpu.Tests.Report;

/// <summary>The ScottPlot chart builders: what their legends say, what they leave off, and that the PNG draws the curves.</summary>
public class ChartTests
{
    private static readonly ScoredSeries Perfect = new("perfect", [1, 1, 0, 0], [0.9, 0.8, 0.3, 0.1]);
    private static readonly ScoredSeries Mixed = new("mixed", [1, 0, 1, 0], [0.9, 0.8, 0.4, 0.1]);
    private static readonly ScoredSeries OneClass = new("oneclass", [1, 1, 1], [0.9, 0.5, 0.1]);

    [Fact]
    public void RocLegendGivesEachSeriesItsAurocAndLeavesAOneClassSeriesOff()
    {
        string svg = ChartFiles.Svg(RocChart.Build("ROC: test", [Perfect, Mixed, OneClass]));
        Assert.Contains("perfect (AUROC 1.000)", svg);
        Assert.Contains($"mixed (AUROC {RankingMetrics.Auroc(Mixed.Labels, Mixed.Scores):F3})", svg);   // 0.750
        Assert.Contains("mixed (AUROC 0.750)", svg);
        Assert.Contains("ROC: test", svg);
        Assert.DoesNotContain("oneclass", svg);
    }

    [Fact]
    public void PrecisionRecallLegendGivesAveragePrecisionAndThePrevalence()
    {
        string svg = ChartFiles.Svg(PrecisionRecallChart.Build("PR", [Mixed]));
        Assert.Contains($"mixed (AUPR {RankingMetrics.AveragePrecision(Mixed.Labels, Mixed.Scores):F3})", svg);   // (1 + 2/3) / 2 = 0.833
        Assert.Contains("mixed (AUPR 0.833)", svg);
        Assert.Contains("chance (positives 0.500)", svg);
    }

    [Fact]
    public void PngHasTheChartSizeAndDrawsTheCurveInItsColour()
    {
        // ScottPlot's Category10: the chance line takes the first colour (drawn grey), the first series the second, orange.
        using var bitmap = SKBitmap.Decode(ChartFiles.Png(RocChart.Build("ROC", [Mixed])));
        Assert.Equal((ChartLook.Width, ChartLook.Height), (bitmap.Width, bitmap.Height));
        int orange = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - 0xff) < 30 && Math.Abs(c.Green - 0x7f) < 30 && Math.Abs(c.Blue - 0x0e) < 30) orange++;
            }
        // The mixed ROC curve runs about 2 x 470 pixels at 2 pixels wide; a chart without it has none of this colour.
        Assert.True(orange > 800, $"{orange} orange pixels");
        using var empty = SKBitmap.Decode(ChartFiles.Png(RocChart.Build("ROC", [OneClass])));
        Assert.DoesNotContain(Enumerable.Range(0, empty.Width * empty.Height).Select(i => empty.GetPixel(i % empty.Width, i / empty.Width)),
            c => Math.Abs(c.Red - 0xff) < 30 && Math.Abs(c.Green - 0x7f) < 30 && Math.Abs(c.Blue - 0x0e) < 30);
    }

    [Fact]
    public void TheSameChartGivesTheSameSvgHoweverManyWereDrawnBefore()
    {
        string first = ChartFiles.Svg(RocChart.Build("ROC", [Mixed]));
        for (int i = 0; i < 3; i++) ChartFiles.Svg(PrecisionRecallChart.Build("PR", [Perfect, Mixed]));
        Assert.Equal(first, ChartFiles.Svg(RocChart.Build("ROC", [Mixed])));
        Assert.Contains("url(#cl_1)", first);
    }

    [Fact]
    public void LearningCurvesLeaveUndefinedEpochsOutAndNameEachLine()
    {
        string svg = ChartFiles.Svg(LearningChart.Build("Learning",
        [
            new("train loss", [(1, 0.9), (2, 0.6), (3, 0.5)]),
            new("val AUROC", [(1, double.NaN), (2, 0.7), (3, 0.8)]),
            new("never defined", [(1, double.NaN)]),
        ]));
        Assert.Contains("train loss", svg);
        Assert.Contains("val AUROC", svg);
        Assert.DoesNotContain("never defined", svg);
        Assert.DoesNotContain("NaN", svg);
        Assert.DoesNotContain("tested", svg);

        // The tested (best) epoch of a single run is marked and named.
        string marked = ChartFiles.Svg(LearningChart.Build("Learning", [new("train loss", [(1, 0.9), (2, 0.6), (3, 0.5)])], testedEpoch: 2));
        Assert.Contains("epoch 2: tested", marked);
    }

    [Fact]
    public void CvSummaryNamesEveryMethodOnItsAxis()
    {
        string svg = ChartFiles.Svg(CvSummaryChart.Build("cv",
        [
            ("rna", new MetricSummary(0.8, 0.05), new MetricSummary(0.75, 0.04)),
            ("pearson", new MetricSummary(0.7, 0.1), new MetricSummary(0.65, 0.02)),
        ]));
        foreach (var label in new[] { "rna", "pearson", "AUROC", "AUPR", "cv" }) Assert.Matches($@">\s*{label}\s*<", svg);
    }
}
