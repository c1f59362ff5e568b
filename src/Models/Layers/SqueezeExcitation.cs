namespace GrnGpu.Models.Layers;

/// <summary>
/// Squeeze-and-excitation as in the seed: global average -> dense (channels -> channels, no bias) -> sigmoid,
/// and the input's channels multiplied by the result.
/// </summary>
public sealed class SqueezeExcitation
{
    public string Name { get; }
    private readonly DenseLayer _excite;

    public SqueezeExcitation(ParameterRegistry registry, string name, int channels)
    {
        Name = name;
        _excite = new DenseLayer(registry, name + "/dense", channels, channels, bias: false);
    }

    public T Apply<T>(IGraph<T> g, T x)
    {
        var weights = g.Sigmoid(Name + "/sigmoid", g.Dense(_excite, g.GlobalAvgPool(Name + "/gap", x)));
        return g.ChannelScale(Name + "/scale", x, weights);
    }
}
