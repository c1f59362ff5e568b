using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.Concat;

/// <summary>Channel concatenation and its split: pure copies, so exact (tolerance 0).</summary>
internal static class ConcatChecks
{
    private static readonly (int N, int H, int W, int[] Channels)[] Cases =
    [
        (1, 5, 7, [3, 1, 4]),
        (3, 9, 2, [17]),
        (2, 1, 1, [5, 300, 2, 1]),   // (N, C) features, as the fusion head concatenates them
    ];

    public static IEnumerable<OpCheck> All()
    {
        foreach (var (n, h, w, channels) in Cases)
        {
            string c = $"N={n} {h}x{w} C=[{string.Join(",", channels)}]";
            yield return new OpCheck(ConcatOp.Name, c, (device, seed) =>
            {
                using var s = new CheckScope(device, seed);
                bool flat = h == 1 && w == 1;
                Shape ShapeOf(int ch) => flat ? new Shape(n, ch) : new Shape(n, ch, h, w);
                var g = new ConcatGeometry(n, h, w, channels);
                var inputs = channels.Select(ch => s.Uniform(ShapeOf(ch))).ToList();
                var y = s.Output(ShapeOf(g.TotalChannels));
                ConcatOp.Forward(inputs.Select(i => i.Tensor).ToList(), y);
                var (dy, dyv) = s.Uniform(ShapeOf(g.TotalChannels));
                var grads = channels.Select(ch => s.Output(ShapeOf(ch))).ToList();
                ConcatOp.Backward(dy, grads);
                double[][] expected = ConcatRef.Backward(g, dyv);
                var results = new List<OpCheckResult>
                {
                    OpCompare.Arrays(ConcatOp.Name, c, device, y.ToArray(), ConcatRef.Forward(g, inputs.Select(i => i.Values).ToList()), 0, 0),
                };
                for (int k = 0; k < channels.Length; k++)
                    results.Add(OpCompare.Arrays($"{ConcatOp.Name} backward {k}", c, device, grads[k].ToArray(), expected[k], 0, 0));
                return results;
            });
        }
    }
}
