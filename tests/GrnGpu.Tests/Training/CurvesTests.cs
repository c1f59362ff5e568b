using GrnGpu.Models.Metrics;
using GrnGpu.Models.Training.Charts;
using Xunit;

namespace GrnGpu.Tests.Training;

public class CurvesTests
{
    private static (int[] Labels, double[] Scores) RandomData(int seed, int n, int distinctScores)
    {
        var r = new Random(seed);
        var labels = new int[n];
        var scores = new double[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = r.Next(2);
            // Few distinct values: many ties, some of them across both classes.
            scores[i] = Math.Round(r.Next(distinctScores) / (double)distinctScores + 0.2 * labels[i], 3);
        }
        labels[0] = 0;
        labels[1] = 1;
        return (labels, scores);
    }

    [Theory]
    [InlineData(1, 50, 5)]
    [InlineData(2, 200, 10)]
    [InlineData(3, 1000, 37)]
    [InlineData(4, 500, 1000)]
    [InlineData(5, 7, 2)]
    public void RocTrapezoidAreaEqualsAuroc(int seed, int n, int distinct)
    {
        var (labels, scores) = RandomData(seed, n, distinct);
        var roc = Curves.Roc(labels, scores);

        Assert.Equal(RankingMetrics.Auroc(labels, scores), Curves.Area(roc), 12);
        Assert.Equal((0.0, 0.0), roc[0]);
        Assert.Equal((1.0, 1.0), roc[^1]);
        for (int i = 1; i < roc.Length; i++)
        {
            Assert.True(roc[i].X >= roc[i - 1].X && roc[i].Y >= roc[i - 1].Y, $"point {i} steps back");
            Assert.NotEqual(roc[i - 1], roc[i]);
        }
    }

    [Theory]
    [InlineData(1, 50, 5)]
    [InlineData(2, 200, 10)]
    [InlineData(3, 1000, 37)]
    [InlineData(4, 500, 1000)]
    [InlineData(5, 7, 2)]
    public void PrecisionRecallStepAreaEqualsAveragePrecision(int seed, int n, int distinct)
    {
        var (labels, scores) = RandomData(seed, n, distinct);
        var pr = Curves.PrecisionRecall(labels, scores);

        Assert.Equal(RankingMetrics.AveragePrecision(labels, scores), Curves.Area(pr), 12);
        Assert.Equal(0.0, pr[0].X);
        Assert.Equal((1.0, labels.Average()), (pr[^1].X, pr[^1].Y));
        for (int i = 1; i < pr.Length; i++)
        {
            Assert.True(pr[i].X >= pr[i - 1].X, $"recall falls at point {i}");
            // Step-wise: every segment is horizontal or vertical.
            Assert.True(pr[i].X == pr[i - 1].X || pr[i].Y == pr[i - 1].Y, $"segment {i} is slanted");
        }
    }

    [Fact]
    public void TiedScoresAcrossClassesAreOneStep()
    {
        int[] labels = [1, 0, 1, 0];
        double[] scores = [0.9, 0.9, 0.5, 0.1];

        Assert.Equal([(0.0, 0.0), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)], Curves.Roc(labels, scores));
        Assert.Equal([(0.0, 0.5), (0.5, 0.5), (0.5, 2 / 3.0), (1.0, 2 / 3.0), (1.0, 0.5)], Curves.PrecisionRecall(labels, scores));
        Assert.Equal(0.5 * 0.5 + 0.5 * 2 / 3.0, RankingMetrics.AveragePrecision(labels, scores), 12);
    }

    [Fact]
    public void AllEqualScoresGiveTheChanceLineAndAFlatPrecision()
    {
        int[] labels = [0, 1, 1, 0, 1];
        double[] scores = [0.3, 0.3, 0.3, 0.3, 0.3];

        var roc = Curves.Roc(labels, scores);
        Assert.Equal([(0.0, 0.0), (1.0, 1.0)], roc);
        Assert.Equal(RankingMetrics.Auroc(labels, scores), Curves.Area(roc), 12);
        Assert.Equal([(0.0, 0.6), (1.0, 0.6)], Curves.PrecisionRecall(labels, scores));
    }

    [Fact]
    public void ASinglePositiveHasAPrecisionRecallCurveButNoRoc()
    {
        Assert.Equal([(0.0, 1.0), (1.0, 1.0)], Curves.PrecisionRecall([1], [0.7]));
        var e = Assert.Throws<ArgumentException>(() => Curves.Roc([1], [0.7]));
        Assert.Contains("both classes", e.Message);
        Assert.Throws<ArgumentException>(() => Curves.PrecisionRecall([0, 0], [0.1, 0.2]));
    }

    [Fact]
    public void BadInputsAreRejected()
    {
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Curves.Roc([0, 1], [0.1, double.NaN])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Curves.PrecisionRecall([0, 1], [double.NaN, 0.1])).Message);
        Assert.Contains("expected 0 or 1", Assert.Throws<ArgumentException>(() => Curves.Roc([0, 2], [0.1, 0.2])).Message);
        Assert.Throws<ArgumentException>(() => Curves.Roc([0, 1], [0.1]));
        Assert.Throws<ArgumentException>(() => Curves.Roc([], []));
    }

    [Fact]
    public void InfiniteScoresRankAtTheEnds()
    {
        int[] labels = [1, 0, 1, 0];
        double[] scores = [double.PositiveInfinity, double.NegativeInfinity, 0.2, 0.4];
        Assert.Equal(RankingMetrics.Auroc(labels, scores), Curves.Area(Curves.Roc(labels, scores)), 12);
        Assert.Equal(RankingMetrics.AveragePrecision(labels, scores), Curves.Area(Curves.PrecisionRecall(labels, scores)), 12);
    }
}
