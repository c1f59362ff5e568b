namespace GrnGpu.Models.Layers;

/// <summary>The seed's building brick: a 'same' convolution followed by batch norm, optionally a ReLU.</summary>
public sealed class ConvBn
{
    public string Name { get; }
    public Conv2dLayer Conv { get; }
    public BatchNormLayer Norm { get; }

    public ConvBn(ParameterRegistry registry, string name, int inChannels, int outChannels, int kernel, int stride = 1, int dilation = 1)
    {
        Name = name;
        Conv = new Conv2dLayer(registry, name + "/conv", inChannels, outChannels, kernel, stride, dilation);
        Norm = new BatchNormLayer(registry, name + "/bn", outChannels);
    }

    public T Apply<T>(IGraph<T> g, T x, bool relu)
    {
        var y = g.Conv2d(Conv, x);
        return relu ? g.BatchNormRelu(Norm, Name + "/relu", y) : g.BatchNorm(Norm, y);
    }
}
