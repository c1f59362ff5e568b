using GrnGpu.Models.Baselines;
using GrnGpu.Models.Data;
using Xunit;

namespace GrnGpu.Tests.Baselines;

public class ScoreTests
{
    [Fact]
    public void PearsonMatchesHandComputation()
    {
        // means 2, 2; dx = (-1, 0, 1), dy = (-1, 1, 0): sxy = 1, sxx = syy = 2 -> r = 0.5.
        Assert.Equal(0.5, CorrelationScores.AbsPearson([1, 2, 3], [1, 3, 2]), 12);
        Assert.Equal(1.0, CorrelationScores.AbsPearson([1, 2, 3, 4], [8, 6, 4, 2]), 12); // absolute value
    }

    [Fact]
    public void ConstantVectorsHaveZeroCorrelation()
    {
        Assert.Equal(0.0, CorrelationScores.AbsPearson([2, 2, 2], [1, 2, 3]));
        Assert.Equal(0.0, CorrelationScores.AbsSpearman([1, 2, 3], [5, 5, 5]));
    }

    [Fact]
    public void SpearmanUsesAverageRanksForTies()
    {
        // x ranks (1, 2.5, 2.5, 4), y ranks (1, 2, 3, 4): sxy = 4.5, sxx = 4.5, syy = 5 -> 4.5 / sqrt(22.5).
        Assert.Equal(4.5 / Math.Sqrt(22.5), CorrelationScores.AbsSpearman([1, 2, 2, 3], [10, 20, 30, 40]), 12);
        Assert.Equal(1.0, CorrelationScores.AbsSpearman([3, 1, 2], [27, 1, 8]), 12); // monotone, non-linear
    }

    [Fact]
    public void ThresholdMaximisesTrainingAccuracy()
    {
        Assert.Equal(0.25, ThresholdChooser.MaximiseAccuracy([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]), 12);
        // All negative: the best rule predicts nothing positive.
        Assert.Equal(double.PositiveInfinity, ThresholdChooser.MaximiseAccuracy([0, 0], [0.1, 0.2]));
        // Tied scores move together: (0.5, 0.5) labelled (1, 0) cannot be split.
        double t = ThresholdChooser.MaximiseAccuracy([0, 1, 0, 1], [0.1, 0.5, 0.5, 0.9]);
        Assert.True(t is > 0.1 and <= 0.5 || t is > 0.5 and <= 0.9);
    }
}
