using GrnGpu.Engine.Geometry;

namespace GrnGpu.Engine.Ops.Shared;

/// <summary>How the op launchers read a tensor's shape as NCHW: a 4-D tensor is (N, C, H, W), a 2-D one (N, C, 1, 1).</summary>
internal static class TensorLayout
{
    public static NchwShape Nchw(Tensor t, string op) => Nchw(t.Shape, op);

    public static NchwShape Nchw(Shape shape, string op) => shape.Rank switch
    {
        4 => new NchwShape(shape[0], shape[1], shape[2], shape[3]),
        2 => new NchwShape(shape[0], shape[1]),
        _ => throw new ArgumentException($"{op}: expected a (N, C, H, W) or (N, C) tensor, got {shape}"),
    };
}
