using GrnGpu.Models.Layers;

namespace GrnGpu.Models.Networks;

/// <summary>The seed's expression model: the RNA trunk on a 1 x bins x bins histogram, dense 1 + sigmoid.</summary>
public sealed class RnaNet : Network
{
    private readonly RnaTrunk _trunk;
    private readonly DenseLayer _output;

    public RnaNet(NetworkDimensions? dimensions = null, int seed = 0)
        : base(ModelKind.Rna, dimensions ??= NetworkDimensions.Full, seed,
            [new ModelInput("histogram", 1, dimensions.HistogramBins, dimensions.HistogramBins)])
    {
        _trunk = new RnaTrunk(Registry, "rna", dimensions);
        _output = new DenseLayer(Registry, "output", _trunk.FeatureWidth, 1);
    }

    public override T Apply<T>(IGraph<T> g, IReadOnlyList<T> inputs)
    {
        RequireInputs(inputs, 1, Kind);
        var features = _trunk.Apply(g, inputs[0]).Features;
        return g.Sigmoid("output/sigmoid", g.Dense(_output, features));
    }
}
