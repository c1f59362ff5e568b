using GrnGpu.Engine.Geometry;
using GrnGpu.Models.Layers;

namespace GrnGpu.Models.Networks;

/// <summary>
/// The seed's expression (RNA histogram) trunk: four stages of two 3x3 conv + BN + ReLU, 2x2 max pool and dropout
/// between stages. Branch 0 is the global average of stage 4; branch 1 takes stage 3 through ASPP, squeeze-excitation
/// and a 3x3 conv + BN + ReLU to the stage-4 width, then global average. Features = [branch 0, branch 1].
/// </summary>
public sealed class RnaTrunk
{
    private readonly string _name;
    private readonly ConvBn[][] _stages;
    private readonly Aspp _aspp;
    private readonly SqueezeExcitation _se;
    private readonly ConvBn _branchConv;

    public RnaTrunk(ParameterRegistry registry, string name, NetworkDimensions d)
    {
        _name = name;
        var w = d.Widths;
        _stages = new ConvBn[4][];
        for (int s = 0; s < 4; s++)
        {
            int cin = s == 0 ? 1 : w[s - 1];
            _stages[s] =
            [
                new ConvBn(registry, $"{name}/stage{s + 1}/conv1", cin, w[s], 3),
                new ConvBn(registry, $"{name}/stage{s + 1}/conv2", w[s], w[s], 3),
            ];
        }
        _aspp = new Aspp(registry, name + "/aspp", w[2], w[2], d.AsppRates);
        _se = new SqueezeExcitation(registry, name + "/se", w[2]);
        _branchConv = new ConvBn(registry, name + "/branch1/conv", w[2], w[3], 3);
        FeatureWidth = 2 * w[3];
    }

    /// <summary>Channels of <see cref="Outputs{T}.Features"/>.</summary>
    public int FeatureWidth { get; }

    /// <summary>The trunk's features, and stages 2 and 3 (the fusion net's joint layers read them).</summary>
    public sealed record Outputs<T>(T Features, T Stage2, T Stage3);

    public Outputs<T> Apply<T>(IGraph<T> g, T histogram)
    {
        var stages = new T[4];
        var x = histogram;
        for (int s = 0; s < 4; s++)
        {
            if (s > 0)
            {
                x = g.MaxPool($"{_name}/stage{s}/pool", x, 2, 2, Padding.Valid);
                x = g.Dropout($"{_name}/stage{s}/dropout", x, NetworkDimensions.DropoutRate);
            }
            foreach (var conv in _stages[s]) x = conv.Apply(g, x, relu: true);
            stages[s] = x;
        }
        var branch0 = g.GlobalAvgPool(_name + "/branch0/gap", stages[3]);
        var attended = _se.Apply(g, _aspp.Apply(g, stages[2]));
        var branch1 = g.GlobalAvgPool(_name + "/branch1/gap", _branchConv.Apply(g, attended, relu: true));
        return new Outputs<T>(g.Concat(_name + "/features", branch0, branch1), stages[1], stages[2]);
    }
}
