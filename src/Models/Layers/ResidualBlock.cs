namespace GrnGpu.Models.Layers;

/// <summary>
/// The seed's residual block (conv2_x .. conv5_x): 3x3 conv + BN + ReLU, 3x3 conv + BN, added to the shortcut, ReLU.
/// The shortcut is the input itself, or a 3x3 strided conv + BN when the block downsamples, or a 1x1 conv + BN
/// when only the channel count changes.
/// </summary>
public sealed class ResidualBlock
{
    public string Name { get; }
    private readonly ConvBn _first;
    private readonly ConvBn _second;
    private readonly ConvBn? _shortcut;

    public ResidualBlock(ParameterRegistry registry, string name, int inChannels, int outChannels, int stride = 1)
    {
        Name = name;
        _first = new ConvBn(registry, name + "/a", inChannels, outChannels, 3, stride);
        _second = new ConvBn(registry, name + "/b", outChannels, outChannels, 3);
        if (stride != 1) _shortcut = new ConvBn(registry, name + "/shortcut", inChannels, outChannels, 3, stride);
        else if (inChannels != outChannels) _shortcut = new ConvBn(registry, name + "/shortcut", inChannels, outChannels, 1);
    }

    public T Apply<T>(IGraph<T> g, T x)
    {
        var h = g.Conv2d(_second.Conv, _first.Apply(g, x, relu: true));
        return g.BatchNormAddRelu(_second.Norm, Name + "/add", Name + "/relu", h,
            () => _shortcut != null ? _shortcut.Apply(g, x, relu: false) : x);
    }
}
