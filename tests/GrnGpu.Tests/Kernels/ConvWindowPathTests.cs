using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Conv2d;
using GrnGpu.Kernels.Conv2d;
using Xunit;

namespace GrnGpu.Tests.Kernels;

/// <summary>
/// The cpu device's choice of how a convolution reads its windows: the shapes of the op checks reach every way (so
/// the checks test each), and the model's layers take the way measured fastest for them.
/// </summary>
public class ConvWindowPathTests
{
    private static ConvShape Shape(Conv2dGeometry g) => CpuKernelSet.Flattened(g);

    [Fact]
    public void TheOpChecksReachEveryWay()
    {
        var cases = Conv2dChecks.Cases().ToList();
        var forward = cases.Select(c => ConvWindowPaths.Forward(Shape(c.G))).ToHashSet();
        var weights = cases.Select(c => ConvWindowPaths.WeightGradient(Shape(c.G))).ToHashSet();
        Assert.Equal(Enum.GetValues<ConvWindowPath>().ToHashSet(), forward);
        Assert.Equal([ConvWindowPath.Pointwise, ConvWindowPath.Wide, ConvWindowPath.Compact], weights.Order());
        // The cases named for a way take it, in both products.
        foreach (var c in cases.Where(c => c.Name.EndsWith(" compact", StringComparison.Ordinal)))
        {
            Assert.Equal(ConvWindowPath.Compact, ConvWindowPaths.Forward(Shape(c.G)));
            Assert.Equal(ConvWindowPath.Compact, ConvWindowPaths.WeightGradient(Shape(c.G)));
        }
        Assert.Equal(ConvWindowPath.Wide, ConvWindowPaths.WeightGradient(Shape(cases.Single(c => c.Name.EndsWith(" wide", StringComparison.Ordinal)).G)));
    }

    [Theory]
    // 3x3 layers on planes of 8 and more: phase rows at most a quarter longer than output rows, read in place.
    [InlineData(64, 32, 1, ConvWindowPath.Wide)]
    [InlineData(128, 16, 1, ConvWindowPath.Wide)]
    [InlineData(256, 8, 1, ConvWindowPath.Wide)]
    // The RNA model's ASPP branches (dilation 3, 6, 9 on 16 x 16): phase rows 22-34 long, packed compact.
    [InlineData(128, 16, 3, ConvWindowPath.Compact)]
    [InlineData(128, 16, 6, ConvWindowPath.Compact)]
    [InlineData(128, 16, 9, ConvWindowPath.Compact)]
    public void LayersTakeTheWayMeasuredFastest(int channels, int size, int dilation, ConvWindowPath expected)
    {
        var s = Shape(Conv2dGeometry.Square(32, channels, channels, size, size, 3, dilation: dilation));
        Assert.Equal(expected, ConvWindowPaths.Forward(s));
        Assert.Equal(expected, ConvWindowPaths.WeightGradient(s));
    }
}
