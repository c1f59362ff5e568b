using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.Broadcast;

/// <summary>
/// Spatial broadcast (N, C) -> (N, C, H, W): a copy, exact. Its backward sums each plane of dy:
/// <see cref="ErrorBounds.Reduction"/> of the sum of |dy|.
/// </summary>
internal static class BroadcastChecks
{
    private static readonly NchwShape[] Shapes = [new(1, 1, 1, 1), new(2, 5, 7, 3), new(3, 13, 40, 31)];

    public static IEnumerable<OpCheck> All()
    {
        foreach (var shape in Shapes)
            yield return new OpCheck(BroadcastOp.Name, shape.ToString(), (device, seed) =>
            {
                using var s = new CheckScope(device, seed);
                string c = shape.ToString();
                var big = new Shape(shape.N, shape.C, shape.H, shape.W);
                var small = new Shape(shape.N, shape.C);
                var (x, xv) = s.Uniform(small);
                var (dy, dyv) = s.Uniform(big);
                var y = s.Output(big);
                var dx = s.Output(small);
                BroadcastOp.Forward(x, y);
                BroadcastOp.Backward(dy, dx);
                return
                [
                    OpCompare.Arrays(BroadcastOp.Name, c, device, y.ToArray(), BroadcastRef.Forward(shape, xv), 0, 0),
                    OpCompare.Scaled($"{BroadcastOp.Name} backward", c, device, dx.ToArray(), BroadcastRef.Backward(shape, dyv),
                        BroadcastRef.Backward(shape, ErrorBounds.Abs(dyv)), ErrorBounds.Reduction(device, shape.PlaneSize)),
                ];
            });
    }
}
