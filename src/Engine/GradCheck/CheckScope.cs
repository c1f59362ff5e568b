using GrnGpu.Engine.Devices;

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

/// <summary>Rounding-error bounds shared by the checks, in units of the float unit roundoff u = 2^-24.</summary>
internal static class ErrorBounds
{
    public const double U = 1.0 / (1 << 24);

    /// <summary>Element-wise |v|: run through a linear reference op, it gives the sum of |terms| of each output.</summary>
    public static double[] Abs(double[] v) => Array.ConvertAll(v, Math.Abs);

    /// <summary>
    /// Relative bound (w.r.t. the sum of |terms|) of a group reduction as the kernels do it: each of G work-items
    /// adds about len / G terms in sequence, then a tree of log2 G levels; plus one rounding for storing/scaling.
    /// The reference device computes in double and rounds once.
    /// </summary>
    public static double Reduction(ComputeDevice device, long len)
    {
        if (device is not GpuDevice gpu) return 2 * U;
        int group = Ops.RowReduction.Width(gpu);
        return ((len + group - 1) / group + Math.Log2(group) + 2) * U;
    }

    /// <summary>
    /// As <see cref="Reduction"/> for a two-stage reduction (per-group partial sums, then one group adding the
    /// partials): one more tree of log2 G levels, plus the second stage's sequential part, covered by len / G.
    /// </summary>
    public static double TwoStageReduction(ComputeDevice device, long len)
    {
        if (device is not GpuDevice gpu) return 2 * U;
        return Reduction(device, len) + Math.Log2(Ops.RowReduction.GroupSize(gpu)) * U;
    }
}
