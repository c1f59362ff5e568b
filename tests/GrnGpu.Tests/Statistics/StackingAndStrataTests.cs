using GrnGpu.Models.Metrics;
using GrnGpu.Models.Statistics;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Statistics;

public class StackingAndStrataTests
{
    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Data drawn from logit P(1) = 0.5 + 2 x1 - x2 (x3 unused): the fit recovers the coefficients.</summary>
    [Fact]
    public void LogisticRegressionRecoversKnownCoefficients()
    {
        var rng = new Random(1);
        var rows = new List<double[]>();
        var labels = new List<int>();
        for (int i = 0; i < 20000; i++)
        {
            double x1 = Normal(rng), x2 = 3 + 2 * Normal(rng), x3 = Normal(rng);
            double p = 1 / (1 + Math.Exp(-(0.5 + 2 * x1 - x2 + 3)));   // x2's mean 3 folded into the intercept: 0.5 in centred terms
            rows.Add([x1, x2, x3]);
            labels.Add(rng.NextDouble() < p ? 1 : 0);
        }
        var c = LogisticRegression.Fit(rows, labels).Coefficients;
        Assert.Equal(3.5, c[0], 0.15);
        Assert.Equal(2.0, c[1], 0.1);
        Assert.Equal(-1.0, c[2], 0.05);
        Assert.Equal(0.0, c[3], 0.05);
    }

    [Fact]
    public void SeparableClassesStayFinite()
    {
        var fit = LogisticRegression.Fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1]);
        Assert.All(fit.Coefficients, v => Assert.True(double.IsFinite(v)));
        Assert.True(fit.Predict([3.0]) > 0.9 && fit.Predict([0.0]) < 0.1);
    }

    /// <summary>Stacking a strong score with a weak one that carries other information beats either on the test pairs.</summary>
    [Fact]
    public void StackedScorerCombinesWhatEachPartKnows()
    {
        var rng = new Random(2);
        (int[] Y, double[] Model, double[] Other) Draw(int n)
        {
            var y = new int[n];
            var m = new double[n];
            var o = new double[n];
            for (int i = 0; i < n; i++)
            {
                double a = Normal(rng), b = Normal(rng);
                y[i] = a + b > 0 ? 1 : 0;                 // the label needs both a and b
                m[i] = 1 / (1 + Math.Exp(-2 * a));       // the model sees a, as a probability
                o[i] = b;                                 // the baseline sees b
            }
            return (y, m, o);
        }
        var val = Draw(500);
        var test = Draw(2000);
        var (scores, _, threshold, _) = StackedScorer.Fit(val.Y, [val.Model, val.Other], [test.Model, test.Other]);
        double stacked = RankingMetrics.Auroc(test.Y, scores);
        Assert.True(stacked > RankingMetrics.Auroc(test.Y, test.Model) + 0.05);
        Assert.True(stacked > RankingMetrics.Auroc(test.Y, test.Other) + 0.05);
        Assert.InRange(threshold, 0.2, 0.8);
    }

    /// <summary>A model that is a monotone function of |r| ties |r| inside every stratum; one that also sees the label through other means beats it there.</summary>
    [Fact]
    public void StrataTellAReLearnedCorrelationFromMore()
    {
        var rng = new Random(3);
        int n = 1000;
        var labels = Enumerable.Range(0, n).Select(_ => rng.Next(2)).ToArray();
        var absR = labels.Select(y => Math.Clamp(0.3 + 0.3 * y + 0.2 * Normal(rng), 0, 1)).ToArray();
        var relearned = absR.Select(r => 1 / (1 + Math.Exp(-5 * (r - 0.5)))).ToArray();
        var more = absR.Select((r, i) => r + 0.3 * labels[i] + 0.1 * Normal(rng)).ToArray();

        var same = CorrelationStrata.Compute(labels, relearned, absR);
        Assert.Equal(5, same.Count);
        Assert.Equal(n, same.Sum(s => s.Pairs));
        Assert.All(same, s => Assert.Equal(s.AbsRAuroc, s.ModelAuroc, 12));
        Assert.True(same.Zip(same.Skip(1)).All(p => p.First.AbsRMax <= p.Second.AbsRMin), "strata overlap");

        var better = CorrelationStrata.Compute(labels, more, absR);
        Assert.All(better, s => Assert.True(s.ModelAuroc > s.AbsRAuroc + 0.1, $"stratum {s.Stratum}: model {s.ModelAuroc}, |r| {s.AbsRAuroc}"));
    }

    [Fact]
    public void ScoreTableRoundTripsAndReportsWriteNullForUndefined()
    {
        using var dir = new TempFolder();
        var table = new ScoreTable([("a", "b"), ("c", "d")], [1, 0], [2, 2],
            new Dictionary<string, double[]> { ["model"] = [0.9, 0.1], ["abs_r"] = [0.5, 0.25], ["pearson"] = [0.5, 0.25] });
        table.Write(dir.File("scores.tsv"));
        var back = ScoreTable.Read(dir.File("scores.tsv"));
        Assert.Equal(["model", "abs_r", "pearson"], back.Columns.Keys);
        Assert.Equal(table.Labels, back.Labels);
        Assert.Equal(table.Folds, back.Folds);
        Assert.Equal(0.9, back["model"]![0]);

        var c = PairedComparison.Of([1, 1], [0.9, 0.8], [0.1, 0.2]);   // one class: undefined
        string json = System.Text.Json.JsonSerializer.Serialize(c, ReportJson.Options);
        Assert.Contains("\"auroc_diff\": null", json);
        Assert.DoesNotContain("NaN", json);
        var read = System.Text.Json.JsonSerializer.Deserialize<PairedComparison>(json, ReportJson.Options)!;
        Assert.True(double.IsNaN(read.AurocDiff));
    }
}
