using GrnGpu.Engine.Geometry;
using GrnGpu.Models.Layers;

namespace GrnGpu.Models.Networks;

/// <summary>
/// The seed's image trunk (SDINet's backbone): 7x7/2 conv + BN + ReLU and 3x3/2 'same' max pool (stage 1), then
/// residual stages 2..5 of two blocks each, the first block of stages 3..5 downsampling. Branch 0 is the global
/// average of stage 5; branch 1 takes stage 2 (SDINet) or stage 4 (fusion net) through ASPP, squeeze-excitation and a
/// residual block to the stage-5 width (1x1 conv + BN shortcut), then global average. Features = [branch 0, branch 1].
/// </summary>
public sealed class ImageTrunk
{
    private readonly string _name;
    private readonly int _asppStage;
    private readonly ConvBn _stem;
    private readonly ResidualBlock[][] _stages;
    private readonly Aspp _aspp;
    private readonly SqueezeExcitation _se;
    private readonly ResidualBlock _branchBlock;

    /// <param name="asppStage">2 (SDINet) or 4 (fusion net): the stage whose output feeds the ASPP branch.</param>
    public ImageTrunk(ParameterRegistry registry, string name, int inChannels, int asppStage, NetworkDimensions d)
    {
        if (asppStage is not (2 or 4)) throw new ArgumentOutOfRangeException(nameof(asppStage), asppStage, "the seed puts ASPP on stage 2 or 4");
        _name = name;
        _asppStage = asppStage;
        var w = d.Widths;
        _stem = new ConvBn(registry, name + "/stage1", inChannels, w[0], 7, stride: 2);
        _stages = new ResidualBlock[4][];
        for (int s = 0; s < 4; s++)
        {
            int cin = s == 0 ? w[0] : w[s - 1];
            int stride = s == 0 ? 1 : 2;
            _stages[s] =
            [
                new ResidualBlock(registry, $"{name}/stage{s + 2}/block1", cin, w[s], stride),
                new ResidualBlock(registry, $"{name}/stage{s + 2}/block2", w[s], w[s]),
            ];
        }
        _aspp = new Aspp(registry, name + "/aspp", asppStage == 2 ? w[0] : w[2], w[2], d.AsppRates);
        _se = new SqueezeExcitation(registry, name + "/se", w[2]);
        _branchBlock = new ResidualBlock(registry, name + "/branch1/block", w[2], w[3]);
        FeatureWidth = 2 * w[3];
    }

    /// <summary>Channels of <see cref="Outputs{T}.Features"/>.</summary>
    public int FeatureWidth { get; }

    /// <summary>The trunk's features, and stages 3 and 4 (the fusion net's joint layers read them).</summary>
    public sealed record Outputs<T>(T Features, T Stage3, T Stage4);

    public Outputs<T> Apply<T>(IGraph<T> g, T image)
    {
        var x = g.MaxPool(_name + "/stage1/pool", _stem.Apply(g, image, relu: true), 3, 2, Padding.Same);
        var stages = new T[4];   // stages 2..5
        for (int s = 0; s < 4; s++)
        {
            foreach (var block in _stages[s]) x = block.Apply(g, x);
            stages[s] = x;
        }
        var branch0 = g.GlobalAvgPool(_name + "/branch0/gap", stages[3]);
        var attended = _se.Apply(g, _aspp.Apply(g, stages[_asppStage - 2]));
        var branch1 = g.GlobalAvgPool(_name + "/branch1/gap", _branchBlock.Apply(g, attended));
        return new Outputs<T>(g.Concat(_name + "/features", branch0, branch1), stages[1], stages[2]);
    }
}
