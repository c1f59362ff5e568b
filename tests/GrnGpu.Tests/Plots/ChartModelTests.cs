using GrnGpu.Models.Training.Plots;
using Xunit;

namespace GrnGpu.Tests.Plots;

public class ChartModelTests
{
    [Fact]
    public void UnitAxisTicksEveryFifth()
    {
        var scale = AxisScale.Resolve(Axis.Unit("rate"), [0.3, 0.4]);
        Assert.Equal((0.0, 1.0), (scale.Min, scale.Max));
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], scale.Ticks.Select(scale.Format).ToArray());
    }

    [Theory]
    [InlineData(0.13, 0.87, 0.1, 0.9, 0.1)]
    [InlineData(-3.2, 41, -10, 50, 10)]
    [InlineData(0.6931, 0.2512, 0.2, 0.7, 0.1)]
    [InlineData(0.52, 0.61, 0.52, 0.62, 0.02)]
    [InlineData(1200, 98000, 0, 100000, 20000)]
    public void AutoRangesWidenToNiceTicks(double a, double b, double min, double max, double step)
    {
        var scale = AxisScale.Resolve(new Axis("v"), [a, b]);
        Assert.Equal(min, scale.Min, 9);
        Assert.Equal(max, scale.Max, 9);
        Assert.Equal(step, scale.Step, 12);
        Assert.Equal(scale.Min, scale.Ticks[0], 9);
        Assert.Equal(scale.Max, scale.Ticks[^1], 9);
    }

    [Fact]
    public void EqualValuesNoValuesAndIntegerAxesGetUsableRanges()
    {
        var flat = AxisScale.Resolve(new Axis("v"), [0.42, 0.42]);
        Assert.True(flat.Min < 0.42 && flat.Max > 0.42 && flat.Ticks.Count >= 2);
        var zero = AxisScale.Resolve(new Axis("v"), [0.0]);
        Assert.True(zero.Min < 0 && zero.Max > 0);
        var none = AxisScale.Resolve(new Axis("v"), []);
        Assert.Equal((0.0, 1.0), (none.Min, none.Max));
        var epochs = AxisScale.Resolve(new Axis("epoch", integerTicks: true), [1, 2, 3]);
        Assert.Equal(["1", "2", "3"], epochs.Ticks.Select(epochs.Format).ToArray());
        var oneEpoch = AxisScale.Resolve(new Axis("epoch", integerTicks: true), [1]);
        Assert.All(oneEpoch.Ticks, t => Assert.Equal(Math.Round(t), t));
        var fromFive = AxisScale.Resolve(new Axis("v", min: 5), [1, 2]);
        Assert.True(fromFive.Min == 5 && fromFive.Max > 5);
    }

    [Fact]
    public void BadAxesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Axis("v", 1, 1));
        Assert.Throws<ArgumentException>(() => new Axis("v", double.NaN));
        Assert.Throws<ArgumentException>(() => AxisScale.Resolve(new Axis("v"), [-double.MaxValue, double.MaxValue]));
    }

    [Fact]
    public void NaNInASeriesIsRejectedWithTheSeriesNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new Series("validation loss", [(1.0, 0.5), (2.0, double.NaN)]));
        Assert.Contains("'validation loss'", e.Message);
        Assert.Contains("point 1", e.Message);
        Assert.Throws<ArgumentException>(() => new Series("s", [(double.PositiveInfinity, 0.0)]));
    }

    [Fact]
    public void PaletteIsFixedAndWraps()
    {
        Assert.Equal(Palette.Color(0), Palette.Color(Palette.Count));
        Assert.Equal(Palette.Count, Enumerable.Range(0, Palette.Count).Select(Palette.Color).Distinct().Count());
        var chart = new LineChart("c", Axis.Unit("x"), Axis.Unit("y"), [new Series("a", []), new Series("b", [], paletteIndex: 5)]);
        Assert.Equal(Palette.Color(0), chart.ColorOf(0));
        Assert.Equal(Palette.Color(5), chart.ColorOf(1));
        Assert.Equal("#0072B2", Palette.Color(0).Hex);
    }
}
