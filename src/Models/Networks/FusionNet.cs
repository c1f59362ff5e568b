using GrnGpu.Models.Layers;

namespace GrnGpu.Models.Networks;

/// <summary>
/// The seed's joint model: the image trunk (ASPP on stage 4) on a 1-channel image and the RNA trunk on the
/// histogram, bridged by two joint dense layers: joint1 = ReLU(dense([GAP(rna stage 2), GAP(image stage 3)])),
/// joint2 = ReLU(dense([GAP(rna stage 3), GAP(image stage 4), joint1])); the head is dense + ReLU on
/// [image features, joint2, rna features], then dense 1 + sigmoid.
/// </summary>
public sealed class FusionNet : Network
{
    private readonly ImageTrunk _image;
    private readonly RnaTrunk _rna;
    private readonly DenseLayer _joint1;
    private readonly DenseLayer _joint2;
    private readonly DenseLayer _head;
    private readonly DenseLayer _output;

    public FusionNet(NetworkDimensions? dimensions = null, int seed = 0)
        : base(ModelKind.Fusion, dimensions ??= NetworkDimensions.Full, seed,
        [
            new ModelInput("image", 1, dimensions.FusionImage.Height, dimensions.FusionImage.Width),
            new ModelInput("histogram", 1, dimensions.HistogramBins, dimensions.HistogramBins),
        ])
    {
        var w = dimensions.Widths;
        _image = new ImageTrunk(Registry, "image", 1, asppStage: 4, dimensions);
        _rna = new RnaTrunk(Registry, "rna", dimensions);
        _joint1 = new DenseLayer(Registry, "joint1", w[1] + w[1], dimensions.Joint1);
        _joint2 = new DenseLayer(Registry, "joint2", w[2] + w[2] + dimensions.Joint1, dimensions.Joint2);
        _head = new DenseLayer(Registry, "head", _image.FeatureWidth + dimensions.Joint2 + _rna.FeatureWidth, dimensions.Head);
        _output = new DenseLayer(Registry, "output", dimensions.Head, 1);
    }

    public override T Apply<T>(IGraph<T> g, IReadOnlyList<T> inputs)
    {
        RequireInputs(inputs, 2, Kind);
        var image = _image.Apply(g, inputs[0]);
        var rna = _rna.Apply(g, inputs[1]);
        var joint1 = g.Relu("joint1/relu", g.Dense(_joint1, g.Concat("joint1/concat",
            g.GlobalAvgPool("joint1/rna_gap", rna.Stage2), g.GlobalAvgPool("joint1/image_gap", image.Stage3))));
        var joint2 = g.Relu("joint2/relu", g.Dense(_joint2, g.Concat("joint2/concat",
            g.GlobalAvgPool("joint2/rna_gap", rna.Stage3), g.GlobalAvgPool("joint2/image_gap", image.Stage4), joint1)));
        var head = g.Relu("head/relu", g.Dense(_head, g.Concat("head/concat", image.Features, joint2, rna.Features)));
        return g.Sigmoid("output/sigmoid", g.Dense(_output, head));
    }
}
