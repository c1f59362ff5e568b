using Xunit;
using GrnGpu.Engine.Ops.Dropout;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.Dropout;

public class DropoutTests
{
    [Fact]
    public void HashMatchesIndependentlyComputedValues()
    {
        // Values computed outside .NET (Python, 32-bit masked arithmetic) from the contract's formula.
        Assert.Equal(0u, DropoutMask.Hash(0));
        Assert.Equal(0x688990c0u, DropoutMask.Hash(1));
        Assert.Equal(0xd1132181u, DropoutMask.Hash(2));
        Assert.Equal(0xe628c683u, DropoutMask.Hash(0xdeadbeef));
        uint[] seed42 = [0x172733c2, 0xa0df3600, 0xd1618e48, 0x7b6d4f73, 0x63a8d5d0, 0xf89bddd2];
        for (int i = 0; i < seed42.Length; i++) Assert.Equal(seed42[i], DropoutMask.ElementHash(42, i));
    }

    [Fact]
    public void KeepMatchesIndependentlyComputedMasks()
    {
        bool[] seed42Half = [false, true, true, false, false, true, true, false, true, false, true, true, true, true, true, true];
        bool[] seed7Quarter = [true, true, false, true, true, true, false, false, true, false, true, true, true, true, true, true];
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(seed42Half[i], DropoutMask.Keep(42, i, 0.5));
            Assert.Equal(seed7Quarter[i], DropoutMask.Keep(7, i, 0.25));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0 / 3)]
    [InlineData(0.75)]
    [InlineData(1234567.0 / 16777216.0)]   // exactly representable k / 2^24: the boundary case
    public void IntegerThresholdFormIsEquivalent(double rate)
    {
        uint threshold = DropoutMask.Threshold(rate);
        for (int i = 0; i < 20000; i++)
            Assert.Equal(DropoutMask.Keep(123, i, rate), (DropoutMask.ElementHash(123, i) >> 8) >= threshold);
        // At the boundary itself: k = threshold is kept, k = threshold - 1 is not.
        Assert.True(threshold * (1.0 / 16777216.0) >= rate);
        if (threshold > 0) Assert.False((threshold - 1) * (1.0 / 16777216.0) >= rate);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void KeptFractionIsOneMinusRate(double rate)
    {
        const int count = 100_000;
        int kept = 0;
        for (int i = 0; i < count; i++) if (DropoutMask.Keep(2024, i, rate)) kept++;
        double sigma = Math.Sqrt(count * rate * (1 - rate));
        Assert.InRange(kept, count * (1 - rate) - 5 * sigma, count * (1 - rate) + 5 * sigma);
    }

    [Fact]
    public void ForwardScalesKeptValuesAndBackwardUsesTheSameMask()
    {
        const double rate = 0.3;
        double[] x = TestData.Uniform(1000, 131, 0.5, 1.5);   // no zeros, so a zero output means dropped
        double[] y = DropoutRef.Forward(x, rate, seed: 9, training: true);
        double[] dx = DropoutRef.Backward(Enumerable.Repeat(2.0, 1000).ToArray(), rate, seed: 9, training: true);
        int dropped = 0;
        for (int i = 0; i < x.Length; i++)
        {
            bool keep = DropoutMask.Keep(9, i, rate);
            Assert.Equal(keep ? x[i] / 0.7 : 0.0, y[i], 1e-14);   // x * (1/0.7) vs x / 0.7: last-bit rounding
            Assert.Equal(keep ? 2.0 / 0.7 : 0.0, dx[i], 1e-14);
            if (!keep) dropped++;
        }
        Assert.InRange(dropped, 200, 400);
        Assert.NotEqual(y, DropoutRef.Forward(x, rate, seed: 10, training: true));   // another seed, another mask
    }

    [Fact]
    public void InferenceAndRateZeroAreIdentity()
    {
        double[] x = TestData.Uniform(64, 132);
        Assert.Equal(x, DropoutRef.Forward(x, 0.5, 1, training: false));
        Assert.Equal(x, DropoutRef.Backward(x, 0.5, 1, training: false));
        Assert.Equal(x, DropoutRef.Forward(x, 0.0, 1, training: true));
        Assert.Throws<ArgumentException>(() => DropoutRef.Forward(x, 1.0, 1, training: true));
        Assert.Throws<ArgumentException>(() => DropoutMask.Keep(1, 0, -0.1));
    }
}
