using GrnGpu.Engine;
using GrnGpu.Engine.Geometry;

namespace GrnGpu.Models.Layers;

/// <summary>
/// Runs a topology on shapes alone (batch 1): checks that every op gets operands it accepts (channel counts,
/// matching spatial sizes) and records one summary row per op. Needs no device.
/// </summary>
public sealed class ShapeGraph : IGraph<Shape>
{
    private readonly List<SummaryRow> _rows = [];
    private readonly HashSet<string> _names = [];

    public IReadOnlyList<SummaryRow> Rows => _rows;

    /// <summary>The symbolic input of one model input (batch 1), with its InputLayer row.</summary>
    public Shape Input(string name, int channels, int height, int width) =>
        Record(name, "InputLayer", new Shape(1, channels, height, width), 0);

    public Shape ShapeOf(Shape x) => x;

    public Shape Conv2d(Conv2dLayer layer, Shape x)
    {
        RequireImage(layer.Name, x);
        if (x.C != layer.InChannels) throw Mismatch(layer.Name, $"expects {layer.InChannels} input channels, got {x}");
        var g = Conv2dGeometry.Square(1, layer.InChannels, layer.OutChannels, x.H, x.W, layer.Kernel, layer.Stride, layer.Dilation);
        return Record(layer.Name, "Conv2D", new Shape(1, layer.OutChannels, g.OutH, g.OutW), layer.ParameterCount);
    }

    public Shape BatchNorm(BatchNormLayer layer, Shape x)
    {
        if (x.Rank < 2 || x.C != layer.Channels) throw Mismatch(layer.Name, $"expects {layer.Channels} channels, got {x}");
        return Record(layer.Name, "BatchNormalization", x, layer.ParameterCount);
    }

    public Shape Dense(DenseLayer layer, Shape x)
    {
        if (x.Rank != 2 || x.C != layer.In) throw Mismatch(layer.Name, $"expects (N, {layer.In}), got {x}");
        return Record(layer.Name, "Dense", new Shape(1, layer.Out), layer.ParameterCount);
    }

    public Shape Relu(string name, Shape x) => Record(name, "ReLU", x, 0);
    public Shape Sigmoid(string name, Shape x) => Record(name, "Activation", x, 0);

    public Shape Add(string name, Shape a, Shape b)
    {
        if (a != b) throw Mismatch(name, $"adds {a} and {b}");
        return Record(name, "Add", a, 0);
    }

    public Shape Concat(string name, params Shape[] xs)
    {
        if (xs.Length == 0) throw Mismatch(name, "has nothing to concatenate");
        var first = xs[0];
        int channels = 0;
        foreach (var x in xs)
        {
            if (x.Rank != first.Rank || (x.Rank == 4 && (x.H != first.H || x.W != first.W)))
                throw Mismatch(name, $"concatenates {first} with {x}");
            channels += x.C;
        }
        return Record(name, "Concatenate", first.Rank == 4 ? new Shape(1, channels, first.H, first.W) : new Shape(1, channels), 0);
    }

    public Shape ChannelScale(string name, Shape x, Shape scale)
    {
        RequireImage(name, x);
        if (scale.Rank != 2 || scale.C != x.C) throw Mismatch(name, $"scales {x} by {scale}");
        return Record(name, "Multiply", x, 0);
    }

    public Shape Broadcast(string name, Shape s, int height, int width)
    {
        if (s.Rank != 2) throw Mismatch(name, $"broadcasts {s}, expected (N, C)");
        return Record(name, "UpSampling2D", new Shape(1, s.C, height, width), 0);
    }

    public Shape MaxPool(string name, Shape x, int pool, int stride, Padding padding)
    {
        RequireImage(name, x);
        var g = Pool2dGeometry.Square(1, x.C, x.H, x.W, pool, stride, padding);
        return Record(name, "MaxPooling2D", new Shape(1, x.C, g.OutH, g.OutW), 0);
    }

    public Shape Reshape(string name, Shape x, Shape shape)
    {
        if (shape.Size != x.Size) throw new ArgumentException($"{name}: cannot reshape {x} to {shape}");
        return Record(name, "Reshape", shape, 0);
    }

    public Shape GlobalAvgPool(string name, Shape x)
    {
        RequireImage(name, x);
        return Record(name, "GlobalAveragePooling2D", new Shape(1, x.C), 0);
    }

    public Shape Dropout(string name, Shape x, double rate) => Record(name, "Dropout", x, 0);

    private Shape Record(string name, string type, Shape output, long parameters)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"two ops are named '{name}'");
        _rows.Add(new SummaryRow(name, type, output.Dims[1..].ToArray(), parameters));
        return output;
    }

    private static void RequireImage(string name, Shape x)
    {
        if (x.Rank != 4) throw Mismatch(name, $"expects an NCHW tensor, got {x}");
    }

    private static InvalidOperationException Mismatch(string name, string what) => new($"{name} {what}");
}
