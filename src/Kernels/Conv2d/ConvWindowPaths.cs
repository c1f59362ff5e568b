namespace GrnGpu.Kernels.Conv2d;

/// <summary>How a convolution's product on the cpu device reads its windows.</summary>
public enum ConvWindowPath
{
    /// <summary>A 1x1 window at stride 1: the planes themselves.</summary>
    Pointwise,
    /// <summary>Packed run by run from the image, bounds tested (shallow products: depth under 32).</summary>
    Gathered,
    /// <summary>Read in place from a padded copy, every phase row whole (its extra columns computed and dropped).</summary>
    Wide,
    /// <summary>Packed by row copies from a padded copy, output positions only.</summary>
    Compact,
}

/// <summary>Which <see cref="ConvWindowPath"/> each product of a convolution takes: one rule, read by the kernels and the tests.</summary>
public static class ConvWindowPaths
{
    /// <summary>
    /// The forward's product (and the stride-1 data gradient's, over the gradient's windows): a shallow product (depth
    /// under 32: the first layer) is gathered, since it writes about as much as it computes and a padded copy would
    /// cost as much as its packing saves.
    /// </summary>
    internal static ConvWindowPath Product(ConvWindow windows, int depth, bool pointwise) =>
        pointwise ? ConvWindowPath.Pointwise : depth < 32 ? ConvWindowPath.Gathered : windows.Wide ? ConvWindowPath.Wide : ConvWindowPath.Compact;

    /// <summary>The forward product of a convolution.</summary>
    public static ConvWindowPath Forward(ConvShape s) => Product(s.Windows, s.Depth, s.Pointwise);

    /// <summary>The weight gradient's product: never gathered.</summary>
    public static ConvWindowPath WeightGradient(ConvShape s) =>
        s.Pointwise ? ConvWindowPath.Pointwise : s.Windows.Wide ? ConvWindowPath.Wide : ConvWindowPath.Compact;
}
