using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.BatchNorm;

namespace GrnGpu.Tests.Geometry;

public class GeometryTests
{
    [Theory]
    // input, kernel, stride, dilation -> out, padBefore, padAfter (TensorFlow SAME: out = ceil(in/stride))
    [InlineData(4, 3, 2, 1, 2, 0, 1)]     // even input, stride 2: the single pad goes after
    [InlineData(5, 3, 2, 1, 3, 1, 1)]     // odd input, stride 2: symmetric
    [InlineData(7, 7, 2, 1, 4, 3, 3)]
    [InlineData(128, 7, 2, 1, 64, 2, 3)]  // ResNet stem on 128 rows: 5 pads split 2/3
    [InlineData(320, 7, 2, 1, 160, 2, 3)]
    [InlineData(64, 3, 1, 1, 64, 1, 1)]
    [InlineData(64, 1, 1, 1, 64, 0, 0)]
    [InlineData(7, 1, 2, 1, 4, 0, 0)]     // 1x1 stride 2: (4-1)*2+1-7 = 0
    [InlineData(10, 3, 1, 9, 10, 9, 9)]   // dilation 9: extent 19 on a 10-wide map
    [InlineData(8, 3, 1, 6, 8, 6, 6)]
    [InlineData(1, 3, 1, 1, 1, 1, 1)]
    [InlineData(6, 2, 1, 1, 6, 0, 1)]     // even kernel, stride 1: extra pad after
    public void SamePaddingMatchesTensorFlow(int input, int kernel, int stride, int dilation, int outSize, int before, int after)
    {
        var axis = new WindowAxis(input, kernel, stride, dilation, Padding.Same);
        Assert.Equal(outSize, axis.Out);
        Assert.Equal(before, axis.PadBefore);
        Assert.Equal(after, axis.PadAfter);
        Assert.Equal((kernel - 1) * dilation + 1, axis.EffectiveKernel);
    }

    [Theory]
    [InlineData(9, 3, 2, 1, 4)]
    [InlineData(8, 3, 2, 1, 3)]
    [InlineData(7, 3, 1, 2, 3)]
    [InlineData(5, 2, 2, 1, 2)]
    [InlineData(3, 3, 1, 1, 1)]
    public void ValidPaddingOutputSize(int input, int kernel, int stride, int dilation, int outSize)
    {
        var axis = new WindowAxis(input, kernel, stride, dilation, Padding.Valid);
        Assert.Equal(outSize, axis.Out);
        Assert.Equal(0, axis.PadBefore);
        Assert.Equal(0, axis.PadAfter);
    }

    [Fact]
    public void Conv2dGeometryDerivesBothAxes()
    {
        var g = new Conv2dGeometry(batch: 2, inChannels: 2, outChannels: 64, inH: 128, inW: 320, kernelH: 7, kernelW: 7,
            strideH: 2, strideW: 2, padding: Padding.Same);
        Assert.Equal((64, 160), (g.OutH, g.OutW));
        Assert.Equal((2, 3, 2, 3), (g.PadTop, g.PadBottom, g.PadLeft, g.PadRight));
        Assert.Equal(2 * 2 * 128 * 320, g.InputLength);
        Assert.Equal(64 * 2 * 49, g.WeightLength);
        Assert.Equal(2 * 64 * 64 * 160, g.OutputLength);
        Assert.Equal(64, g.BiasLength);

        var rect = new Conv2dGeometry(1, 1, 1, inH: 4, inW: 5, kernelH: 1, kernelW: 3, strideH: 1, strideW: 2, padding: Padding.Valid);
        Assert.Equal((4, 2), (rect.OutH, rect.OutW));
    }

    [Fact]
    public void InvalidConfigurationsSayWhatIsWrong()
    {
        var tooBig = Assert.Throws<ArgumentException>(() => Conv2dGeometry.Square(1, 1, 1, 10, 10, kernel: 3, dilation: 9, padding: Padding.Valid));
        Assert.Contains("valid", tooBig.Message);
        Assert.Contains("19", tooBig.Message);
        Assert.Contains("stride", Assert.Throws<ArgumentException>(() => Conv2dGeometry.Square(1, 1, 1, 5, 5, 3, stride: 0)).Message);
        Assert.Contains("dilation", Assert.Throws<ArgumentException>(() => Conv2dGeometry.Square(1, 1, 1, 5, 5, 3, dilation: 0)).Message);
        Assert.Contains("kernel", Assert.Throws<ArgumentException>(() => Conv2dGeometry.Square(1, 1, 1, 5, 5, 0)).Message);
        Assert.Contains("channels", Assert.Throws<ArgumentException>(() => Conv2dGeometry.Square(1, 0, 1, 5, 5, 3)).Message);
        Assert.Contains("batch", Assert.Throws<ArgumentException>(() => Conv2dGeometry.Square(0, 1, 1, 5, 5, 3)).Message);
        Assert.Contains("input size", Assert.Throws<ArgumentException>(() => Conv2dGeometry.Square(1, 1, 1, 0, 5, 3)).Message);
        Assert.Throws<ArgumentException>(() => Pool2dGeometry.Square(1, 1, 1, 1, 2, 2, Padding.Valid));
        Assert.Throws<ArgumentException>(() => new NchwShape(1, 0, 3, 3));
        Assert.Throws<ArgumentException>(() => new NchwShape(50_000, 50_000, 1, 1));
        Assert.Throws<ArgumentException>(() => new DenseGeometry(1, 0, 3));
        Assert.Throws<ArgumentException>(() => new ConcatGeometry(1, 2, 2, []));
        Assert.Throws<ArgumentException>(() => new ConcatGeometry(1, 2, 2, [3, 0]));
        Assert.Throws<ArgumentException>(() => new BatchNormSettings(epsilon: 0));
        Assert.Throws<ArgumentException>(() => new BatchNormSettings(momentum: 1.5));
    }

    [Fact]
    public void PoolGeometrySameUsesCeil()
    {
        var g = Pool2dGeometry.Square(1, 1, 7, 8, pool: 3, stride: 2, Padding.Same);
        Assert.Equal((4, 4), (g.OutH, g.OutW));
        Assert.Equal((1, 1), (g.PadTop, g.PadBottom));   // (4-1)*2+3-7 = 2
        Assert.Equal((0, 1), (g.PadLeft, g.PadRight));   // (4-1)*2+3-8 = 1
    }

    [Fact]
    public void ConcatOffsetsFollowInputOrder()
    {
        var g = new ConcatGeometry(2, 3, 4, [5, 1, 7]);
        Assert.Equal(13, g.TotalChannels);
        Assert.Equal([0, 5, 6], Enumerable.Range(0, 3).Select(g.ChannelOffset));
        Assert.Equal(new NchwShape(2, 7, 3, 4), g.InputShape(2));
    }
}
