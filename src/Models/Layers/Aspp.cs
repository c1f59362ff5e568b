namespace GrnGpu.Models.Layers;

/// <summary>
/// Atrous spatial pyramid pooling as in the seed: five parallel branches at <c>width</c> channels, each conv + BN + ReLU
/// (1x1; 3x3 at each dilation rate; image pooling = global average -> 1x1 conv -> broadcast back), concatenated,
/// then 1x1 conv + BN + ReLU back to <c>width</c>.
/// </summary>
public sealed class Aspp
{
    public string Name { get; }
    private readonly ConvBn _pointwise;
    private readonly ConvBn[] _dilated;
    private readonly ConvBn _imagePool;
    private readonly ConvBn _project;

    public Aspp(ParameterRegistry registry, string name, int inChannels, int width, IReadOnlyList<int> rates)
    {
        Name = name;
        _pointwise = new ConvBn(registry, name + "/1x1", inChannels, width, 1);
        _dilated = rates.Select(r => new ConvBn(registry, $"{name}/3x3_rate{r}", inChannels, width, 3, dilation: r)).ToArray();
        _imagePool = new ConvBn(registry, name + "/image_pool", inChannels, width, 1);
        _project = new ConvBn(registry, name + "/project", width * (rates.Count + 2), width, 1);
    }

    public T Apply<T>(IGraph<T> g, T x)
    {
        var shape = g.ShapeOf(x);
        var branches = new List<T> { _pointwise.Apply(g, x, relu: true) };
        branches.AddRange(_dilated.Select(b => b.Apply(g, x, relu: true)));

        // The image-pooling branch convolves a 1x1 map: broadcasting the pooled (N, C) to 1x1 and pooling the
        // 1x1 result back are exact reshapes, so the conv and BN see the (N, C, 1, 1) tensor Keras gives them.
        var pooled = g.Broadcast(Name + "/image_pool/to_map", g.GlobalAvgPool(Name + "/image_pool/gap", x), 1, 1);
        var pooledFeatures = g.GlobalAvgPool(Name + "/image_pool/to_vector", _imagePool.Apply(g, pooled, relu: true));
        branches.Add(g.Broadcast(Name + "/image_pool/upsample", pooledFeatures, shape.H, shape.W));

        return _project.Apply(g, g.Concat(Name + "/concat", [.. branches]), relu: true);
    }
}
