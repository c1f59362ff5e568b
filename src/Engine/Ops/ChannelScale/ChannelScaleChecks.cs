using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.ChannelScale;

/// <summary>
/// Squeeze-excitation's channel-wise multiply. y and dx are one product each: rtol 1 u. dScale[n, c] is a plane
/// reduction of H*W products: (one rounding per product +) <see cref="ErrorBounds.Reduction"/> of the sum of |dy * x|.
/// </summary>
internal static class ChannelScaleChecks
{
    private static readonly NchwShape[] Shapes = [new(1, 3, 5, 7), new(2, 17, 33, 31), new(3, 5, 1, 1), new(2, 3, 64, 64)];

    public static IEnumerable<OpCheck> All()
    {
        foreach (var shape in Shapes)
            yield return new OpCheck(ChannelScaleOp.Name, shape.ToString(), (device, seed) =>
            {
                using var s = new CheckScope(device, seed);
                string c = shape.ToString();
                var big = new Shape(shape.N, shape.C, shape.H, shape.W);
                var small = new Shape(shape.N, shape.C);
                var (x, xv) = s.Uniform(big);
                var (sc, sv) = s.Uniform(small, 0, 1);
                var (dy, dyv) = s.Uniform(big);
                var y = s.Output(big);
                var dx = s.Output(big);
                var dS = s.Output(small);
                ChannelScaleOp.Forward(x, sc, y);
                ChannelScaleOp.Backward(x, sc, dy, dx, dS);
                var (dInput, dScale) = ChannelScaleRef.Backward(shape, xv, sv, dyv);
                var absTerms = ChannelScaleRef.Backward(shape, ErrorBounds.Abs(xv), sv, ErrorBounds.Abs(dyv)).Scale;
                return
                [
                    OpCompare.Arrays(ChannelScaleOp.Name, c, device, y.ToArray(), ChannelScaleRef.Forward(shape, xv, sv), 0, ErrorBounds.U),
                    OpCompare.Arrays($"{ChannelScaleOp.Name} backward input", c, device, dx.ToArray(), dInput, 0, ErrorBounds.U),
                    OpCompare.Scaled($"{ChannelScaleOp.Name} backward scale", c, device, dS.ToArray(), dScale, absTerms,
                        ErrorBounds.Reduction(device, shape.PlaneSize) + ErrorBounds.U),
                ];
            });
    }
}
