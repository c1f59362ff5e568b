using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.GlobalAvgPool;

/// <summary>
/// Global average pooling. Forward: a plane reduction times float(1 / (H*W)): <see cref="ErrorBounds.Reduction"/>
/// plus 2 u (the rounded factor and the product), relative to mean |x|. Backward: dy * float(1 / (H*W)): rtol 2 u.
/// </summary>
internal static class GlobalAvgPoolChecks
{
    private static readonly NchwShape[] Shapes = [new(1, 1, 1, 1), new(2, 7, 5, 3), new(3, 33, 16, 40), new(1, 4, 61, 59)];

    public static IEnumerable<OpCheck> All()
    {
        foreach (var shape in Shapes)
            yield return new OpCheck(GlobalAvgPoolOp.Name, shape.ToString(), (device, seed) =>
            {
                using var s = new CheckScope(device, seed);
                string c = shape.ToString();
                var big = new Shape(shape.N, shape.C, shape.H, shape.W);
                var small = new Shape(shape.N, shape.C);
                var (x, xv) = s.Uniform(big);
                var (dy, dyv) = s.Uniform(small);
                var y = s.Output(small);
                var dx = s.Output(big);
                GlobalAvgPoolOp.Forward(x, y);
                GlobalAvgPoolOp.Backward(dy, dx);
                return
                [
                    OpCompare.Scaled(GlobalAvgPoolOp.Name, c, device, y.ToArray(), GlobalAvgPoolRef.Forward(shape, xv),
                        GlobalAvgPoolRef.Forward(shape, ErrorBounds.Abs(xv)), ErrorBounds.Reduction(device, shape.PlaneSize) + 2 * ErrorBounds.U),
                    OpCompare.Arrays($"{GlobalAvgPoolOp.Name} backward", c, device, dx.ToArray(), GlobalAvgPoolRef.Backward(shape, dyv), 0, 2 * ErrorBounds.U),
                ];
            });
    }
}
