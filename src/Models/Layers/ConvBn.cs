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

    public T Apply<T>(IGraph<T> g, T x, bool relu) => Normalize(g, g.Conv2d(Conv, x), relu);

    /// <summary>As <see cref="Apply{T}"/> on the concatenation of <paramref name="xs"/> (a 1x1 brick: see IGraph.ConcatConv1x1).</summary>
    public T ApplyToConcat<T>(IGraph<T> g, string concatName, T[] xs, bool relu) => Normalize(g, g.ConcatConv1x1(concatName, Conv, xs), relu);

    private T Normalize<T>(IGraph<T> g, T y, bool relu) => relu ? g.BatchNormRelu(Norm, Name + "/relu", y) : g.BatchNorm(Norm, y);
}
