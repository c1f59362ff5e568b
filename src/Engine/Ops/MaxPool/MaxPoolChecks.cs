using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.MaxPool;

/// <summary>
/// Max pooling. Forward is a selection (exact), and the recorded taps must name the reference's winner (exact,
/// ties included: one case draws from 4 values so that ties are common). Backward adds the gradients of the at most
/// ceil(pool/stride)^2 windows won by an input: that many roundings, relative to the sum of their |dy|.
/// </summary>
internal static class MaxPoolChecks
{
    private static readonly (string Name, Pool2dGeometry G, bool Ties)[] Cases =
    [
        ("2x2 s2 valid", Pool2dGeometry.Square(2, 3, 8, 10, 2, 2, Padding.Valid), false),
        ("2x2 s2 valid odd", Pool2dGeometry.Square(1, 5, 9, 7, 2, 2, Padding.Valid), false),
        ("3x3 s2 same odd", Pool2dGeometry.Square(2, 3, 9, 11, 3, 2, Padding.Same), false),
        ("3x3 s2 same even", Pool2dGeometry.Square(1, 7, 16, 10, 3, 2, Padding.Same), false),
        ("3x3 s2 same ties", Pool2dGeometry.Square(3, 2, 13, 5, 3, 2, Padding.Same), true),
        ("3x2 s1x3 same", new Pool2dGeometry(2, 2, 7, 8, 3, 2, 1, 3, Padding.Same), false),
        // Rows wide enough for the CPU forms' unchecked interior loops to run many columns (and their vector bodies).
        ("3x3 s2 same wide", Pool2dGeometry.Square(2, 2, 7, 75, 3, 2, Padding.Same), false),
        ("2x2 s2 valid wide odd", Pool2dGeometry.Square(1, 3, 5, 67, 2, 2, Padding.Valid), false),
        ("2x3 s2x1 same wide ties", new Pool2dGeometry(1, 2, 6, 40, 2, 3, 2, 1, Padding.Same), true),
    ];

    public static IEnumerable<OpCheck> All()
    {
        foreach (var (name, g, ties) in Cases)
            yield return new OpCheck(MaxPoolOp.Name, name, (device, seed) =>
            {
                using var s = new CheckScope(device, seed);
                var xs = g.InputShape;
                var ys = g.OutputShape;
                var inShape = new Shape(xs.N, xs.C, xs.H, xs.W);
                var outShape = new Shape(ys.N, ys.C, ys.H, ys.W);
                var (floats, _) = OpCompare.Random(s.Random, xs.Length);
                if (ties) floats = Array.ConvertAll(floats, v => MathF.Round(v * 2f) / 2f);   // 5 levels: many ties
                double[] xv = Array.ConvertAll(floats, v => (double)v);
                var x = s.Upload(inShape, floats);
                var (dy, dyv) = s.Uniform(outShape);
                var y = s.Output(outShape);
                var taps = s.Output(outShape);
                var dx = s.Output(inShape);
                MaxPoolOp.Forward(g, x, y, taps);
                MaxPoolOp.Backward(g, taps, dy, dx);
                int[] argmax = MaxPoolRef.Argmax(g, xv);
                double[] expectedTaps = Enumerable.Range(0, argmax.Length).Select(o => (double)MaxPoolOp.TapOf(g, o, argmax[o])).ToArray();
                int overlap = ((g.PoolH + g.StrideH - 1) / g.StrideH) * ((g.PoolW + g.StrideW - 1) / g.StrideW);
                return
                [
                    OpCompare.Arrays(MaxPoolOp.Name, name, device, y.ToArray(), MaxPoolRef.Forward(g, xv), 0, 0),
                    OpCompare.Arrays($"{MaxPoolOp.Name} taps", name, device, taps.ToArray(), expectedTaps, 0, 0),
                    OpCompare.Scaled($"{MaxPoolOp.Name} backward", name, device, dx.ToArray(), MaxPoolRef.Backward(g, xv, dyv),
                        MaxPoolRef.Backward(g, xv, ErrorBounds.Abs(dyv)), overlap * ErrorBounds.U),
                ];
            });
    }
}
