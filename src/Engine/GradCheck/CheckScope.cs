using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.GradCheck;

/// <summary>
/// The tensors of one check on one device: seeded random inputs (kept as the floats the device sees and as doubles
/// for the reference), outputs, all disposed with the scope.
/// </summary>
internal sealed class CheckScope(ComputeDevice device, int seed) : IDisposable
{
    private readonly List<Tensor> _owned = [];

    public ComputeDevice Device { get; } = device;
    public Random Random { get; } = new(seed);

    /// <summary>A tensor of uniform values in [lo, hi), and the same values as doubles.</summary>
    public (Tensor Tensor, double[] Values) Uniform(Shape shape, double lo = -1, double hi = 1)
    {
        var (floats, doubles) = OpCompare.Random(Random, shape.Size, lo, hi);
        return (Upload(shape, floats), doubles);
    }

    public Tensor Upload(Shape shape, float[] values) => Own(Tensor.FromArray(Device, shape, values));

    public Tensor Upload(Shape shape, double[] values) => Upload(shape, Array.ConvertAll(values, v => (float)v));

    /// <summary>An output tensor, filled with NaN so that an element a kernel fails to write cannot pass.</summary>
    public Tensor Output(Shape shape) => Own(Tensor.Full(Device, shape, float.NaN));

    private Tensor Own(Tensor t)
    {
        _owned.Add(t);
        return t;
    }

    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
    }
}
