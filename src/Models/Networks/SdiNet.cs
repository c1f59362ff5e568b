using GrnGpu.Models.Layers;

namespace GrnGpu.Models.Networks;

/// <summary>SDINet: the image trunk (ASPP on stage 2) on a pair of stacked grey images, dense 1 + sigmoid.</summary>
public sealed class SdiNet : Network
{
    private readonly ImageTrunk _trunk;
    private readonly DenseLayer _output;

    public SdiNet(NetworkDimensions? dimensions = null, int seed = 0)
        : base(ModelKind.SdiNet, dimensions ??= NetworkDimensions.Full, seed,
            [new ModelInput("image_pair", 2, dimensions.SdiNetImage.Height, dimensions.SdiNetImage.Width)])
    {
        _trunk = new ImageTrunk(Registry, "image", 2, asppStage: 2, dimensions);
        _output = new DenseLayer(Registry, "output", _trunk.FeatureWidth, 1);
    }

    public override T Apply<T>(IGraph<T> g, IReadOnlyList<T> inputs)
    {
        RequireInputs(inputs, 1, Kind);
        var features = _trunk.Apply(g, inputs[0]).Features;
        return g.Sigmoid("output/sigmoid", g.Dense(_output, features));
    }
}
