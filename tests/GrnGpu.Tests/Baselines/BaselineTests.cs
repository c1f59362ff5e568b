using GrnGpu.Models.Baselines;
using GrnGpu.Models.Data;
using Xunit;

namespace GrnGpu.Tests.Baselines;

public class BaselineTests
{
    // Orthonormal, centred profiles over 4 samples: target = c*z1 + sqrt(1-c^2)*z2 has Pearson r = c with tf = z1.
    private static readonly double[] Z1 = [0.5, -0.5, 0.5, -0.5];
    private static readonly double[] Z2 = [0.5, 0.5, -0.5, -0.5];

    private static ResolvedPair PairWithCorrelation(int index, double c, int label)
    {
        var target = Z1.Select((v, i) => c * v + Math.Sqrt(1 - c * c) * Z2[i]).ToArray();
        var tf = new ExpressionRow($"tf{index}", null, Z1, "t", "");
        var row = new ExpressionRow($"g{index}", null, target, "t", "");
        return new ResolvedPair(new GenePair(tf.Symbol, row.Symbol, label, $"line {index + 1}"), tf, row);
    }

    [Fact]
    public void ThresholdComesFromTrainingPairsOnly()
    {
        // Training: correlation > 0.5 means regulated. Test: high correlations all labelled 0, so a threshold
        // fitted on test labels would sit above them (accuracy 1); the honest one (~0.5) gets every test pair wrong.
        var pairs = new List<ResolvedPair>();
        for (int i = 0; i < 20; i++) pairs.Add(PairWithCorrelation(i, 0.025 + i * 0.05, i >= 10 ? 1 : 0));
        for (int i = 20; i < 28; i++) pairs.Add(PairWithCorrelation(i, 0.6 + (i - 20) * 0.04, 0));
        var data = new ResolvedPairs(pairs, Enumerable.Range(0, pairs.Count).ToList(), [], 0);
        var fold = new FoldSplit(0, Enumerable.Range(0, 16).ToArray(), Enumerable.Range(16, 4).ToArray(), Enumerable.Range(20, 8).ToArray());

        var report = BaselineEvaluator.Score(BaselineMethod.Pearson, data, fold);
        var metrics = Assert.Single(report.Folds).Metrics;
        Assert.InRange(metrics.Threshold, 0.45, 0.55);
        Assert.Equal(0.0, metrics.Accuracy);
        Assert.Equal(8, metrics.Confusion.FalsePositives);
        Assert.Equal(8, report.Predictions.Count);
        Assert.All(report.Predictions, p => Assert.True(p.Score > 0.55));
    }

    [Fact]
    public void UnlabelledPairsAreRejected()
    {
        var p = PairWithCorrelation(0, 0.5, 0);
        var unlabelled = p with { Pair = p.Pair with { Label = null } };
        var data = new ResolvedPairs([unlabelled, unlabelled], [0, 1], [], 0);
        Assert.Throws<GrnDataException>(() => BaselineEvaluator.Score(BaselineMethod.Pearson, data, new FoldSplit(0, [0], [], [1])));
    }
}
