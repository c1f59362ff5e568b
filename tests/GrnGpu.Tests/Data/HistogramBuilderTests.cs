using GrnGpu.Models.Data;
using Xunit;

namespace GrnGpu.Tests.Data;

public class HistogramBuilderTests
{
    [Fact]
    public void ValuesOnInnerEdgesGoRightAndTheMaximumGoesToTheLastBin()
    {
        var counts = new HistogramBuilder(4).Counts([0, 1, 2, 3, 4], [0, 0, 0, 0, 4]);
        // Row = target bin, column = TF bin. Target 0 -> row 0; target 4 (its max) -> row 3.
        double[] expected =
        [
            1, 1, 1, 1,
            0, 0, 0, 0,
            0, 0, 0, 0,
            0, 0, 0, 1,
        ];
        Assert.Equal(expected, counts);
    }

    [Fact]
    public void ConstantVectorUsesValuePlusMinusHalf()
    {
        var edges = HistogramBuilder.BinEdges([5, 5, 5], 4);
        Assert.Equal([4.5, 4.75, 5.0, 5.25, 5.5], edges);
        // 5 lies on the inner edge 5.0 and therefore in bin 2 (numpy's searchsorted side='right').
        var scaled = new HistogramBuilder(4).Build([0, 1, 2, 3, 4], [5, 5, 5, 5, 5]);
        for (int row = 0; row < 4; row++)
            for (int col = 0; col < 4; col++)
                Assert.Equal(row == 2 ? (col == 3 ? 1f : 0.5f) : 0f, scaled[row * 4 + col]);
    }

    [Fact]
    public void ScalingMapsMinimumToZeroAndMaximumToOne()
    {
        var rng = new Random(3);
        var tf = Enumerable.Range(0, 72).Select(_ => rng.NextDouble()).ToArray();
        var target = Enumerable.Range(0, 72).Select(_ => rng.NextDouble() * 10).ToArray();
        var builder = new HistogramBuilder(8);
        var counts = builder.Counts(tf, target);
        var scaled = builder.Build(tf, target);
        Assert.Equal(72, counts.Sum());
        Assert.Equal(0f, scaled.Min());
        Assert.Equal(1f, scaled.Max());
        double max = counts.Max();
        for (int i = 0; i < counts.Length; i++) Assert.Equal((float)(counts[i] / max), scaled[i]);
    }

    [Fact]
    public void AllBinsEqualGivesZeros()
    {
        // One bin holds every sample, so max == min; defined as all zeros (numpy would give NaN, the seed 0).
        Assert.Equal([0f], new HistogramBuilder(1).Build([1, 2, 3], [4, 5, 6]));
    }

    [Fact]
    public void LinspaceEndsExactlyOnStartAndStop()
    {
        var edges = HistogramBuilder.Linspace(0.1, 0.7, 65);
        Assert.Equal(0.1, edges[0]);
        Assert.Equal(0.7, edges[^1]);
        Assert.Equal(2 * ((0.7 - 0.1) / 64) + 0.1, edges[2]);
    }

    [Fact]
    public void NonFiniteInputIsRejected() =>
        Assert.Throws<GrnDataException>(() => new HistogramBuilder(4).Counts([1, double.NaN], [1, 2]));
}
