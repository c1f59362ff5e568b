using GrnGpu.Engine;

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

        // The image-pooling branch convolves the pooled features as a (N, C, 1, 1) map, as Keras does.
        var pooled = g.GlobalAvgPool(Name + "/image_pool/gap", x);
        var asMap = g.Reshape(Name + "/image_pool/to_map", pooled, new Shape(shape.N, shape.C, 1, 1));
        var branch = _imagePool.Apply(g, asMap, relu: true);
        var pooledFeatures = g.Reshape(Name + "/image_pool/to_vector", branch, new Shape(shape.N, g.ShapeOf(branch).C));
        branches.Add(g.Broadcast(Name + "/image_pool/upsample", pooledFeatures, shape.H, shape.W));

        // The projection of the concatenation, which the graph may run without materialising it.
        return _project.ApplyToConcat(g, Name + "/concat", [.. branches], relu: true);
    }
}
