namespace GrnGpu.Models.Networks;

/// <summary>
/// The sizes a network is built at. <see cref="Full"/> is the seed's; <see cref="Small"/> keeps every layer kind
/// and the topology but shrinks widths and inputs, for whole-model checks against the reference device.
/// </summary>
/// <param name="Widths">Channels of the four stages (RNA: the four conv stages; image: stem/stage 2 .. stage 5).</param>
/// <param name="AsppRates">Dilation rates of the ASPP's 3x3 branches.</param>
/// <param name="Joint1">Fusion: width of the first joint dense layer.</param>
/// <param name="Joint2">Fusion: width of the second joint dense layer.</param>
/// <param name="Head">Fusion: width of the dense layer before the output.</param>
/// <param name="HistogramBins">Side of the square RNA histogram (bins per gene).</param>
/// <param name="SdiNetImage">SDINet input height and width (two stacked grey images).</param>
/// <param name="FusionImage">Fusion image input height and width.</param>
public sealed record NetworkDimensions(
    IReadOnlyList<int> Widths,
    IReadOnlyList<int> AsppRates,
    int Joint1,
    int Joint2,
    int Head,
    int HistogramBins,
    (int Height, int Width) SdiNetImage,
    (int Height, int Width) FusionImage)
{
    public const double DropoutRate = 0.5;

    public static NetworkDimensions Full { get; } = new([32, 64, 128, 256], [3, 6, 9], 128, 256, 128, 64,
        (ModelKinds.ImageHeight, ModelKinds.ImageWidth), (2 * ModelKinds.ImageHeight, ModelKinds.ImageWidth));

    public static NetworkDimensions Small { get; } = new([4, 6, 8, 10], [2, 3, 4], 6, 8, 5, 16, (32, 40), (32, 24));
}
