using System.Globalization;
using GrnGpu.Models.Training;
using GrnGpu.Models.Training.Plots;
using Xunit;

namespace GrnGpu.Tests.Plots;

public class TrainingChartsTests
{
    [Fact]
    public void TrainingChartsNameTheSeriesThatHoldsNaN()
    {
        var roc = Assert.Throws<ArgumentException>(() => TrainingCharts.Roc(
            [("fold 0", [0, 1], [0.2, 0.7]), ("fold 2", [0, 1], [0.2, double.NaN])]));
        Assert.Contains("'fold 2'", roc.Message);
        var pr = Assert.Throws<ArgumentException>(() => TrainingCharts.PrecisionRecall([("test", [0, 1, 1], [double.NaN, 0.1, 0.2])]));
        Assert.Contains("'test'", pr.Message);
        var curves = Assert.Throws<ArgumentException>(() => TrainingCharts.LearningCurves([1, 2, 3],
            [("train loss", [0.7, 0.6, 0.5]), ("validation loss", [0.8, double.NaN, 0.6])]));
        Assert.Contains("'validation loss'", curves.Message);
        Assert.Contains("epoch 2", curves.Message);
        var length = Assert.Throws<ArgumentException>(() => TrainingCharts.LearningCurves([1, 2], [("auroc", [0.5])]));
        Assert.Contains("'auroc'", length.Message);
        var oneClass = Assert.Throws<ArgumentException>(() => TrainingCharts.Roc([("only negatives", [0, 0], [0.1, 0.2])]));
        Assert.Contains("'only negatives'", oneClass.Message);
    }

    [Fact]
    public void RocAndPrChartsCarryTheirAreasInTheLegend()
    {
        int[] labels = [0, 1, 1, 0, 1, 0, 0, 1];
        double[] scores = [0.1, 0.9, 0.4, 0.4, 0.8, 0.3, 0.6, 0.2];
        var roc = TrainingCharts.Roc([("model", labels, scores), ("Pearson", labels, scores.Select(s => 1 - s).ToArray())]);
        Assert.True(roc.DiagonalReference);
        Assert.Equal(2, roc.Series.Count);
        Assert.Equal($"model (AUROC {RankingMetrics.Auroc(labels, scores).ToString("F3", CultureInfo.InvariantCulture)})", roc.Series[0].Name);
        Assert.StartsWith("Pearson (AUROC 0.", roc.Series[1].Name);
        Assert.NotEqual(roc.ColorOf(0), roc.ColorOf(1));
        Assert.Equal((0.0, 1.0, 0.0, 1.0), (roc.X.Min, roc.X.Max, roc.Y.Min, roc.Y.Max));

        var pr = TrainingCharts.PrecisionRecall([("model", labels, scores)]);
        Assert.False(pr.DiagonalReference);
        Assert.Equal($"model (AUPR {RankingMetrics.AveragePrecision(labels, scores).ToString("F3", CultureInfo.InvariantCulture)})", pr.Series[0].Name);
        Assert.Equal(Curves.PrecisionRecall(labels, scores), pr.Series[0].Points);
    }

    [Fact]
    public void LearningCurvesPlotValuesAgainstEpochs()
    {
        var chart = TrainingCharts.LearningCurves([1, 2, 3],
            [("train loss", [0.7, 0.5, 0.4]), ("validation loss", [0.75, 0.6, 0.55]), ("validation AUROC", [0.6, 0.8, 0.85])]);
        Assert.Equal(["train loss", "validation loss", "validation AUROC"], chart.Series.Select(s => s.Name).ToArray());
        Assert.Equal([(1.0, 0.6), (2.0, 0.8), (3.0, 0.85)], chart.Series[2].Points);
        Assert.True(chart.X.IntegerTicks);
        Assert.Equal("Epoch", chart.X.Label);
    }
}
