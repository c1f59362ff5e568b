using GrnGpu.Engine.GradCheck;
using GrnGpu.Engine.Ops.Axpy;

namespace GrnGpu.Engine.Ops.Add;

/// <summary>
/// Residual add, its backward, accumulation and axpy. a + b and acc + g are one float rounding of the exact sum:
/// rtol 1 u. The backward is a copy: exact. Axpy with alpha = 0.37 rounds alpha, the product and the sum: 3 u of
/// |acc| + |alpha g|.
/// </summary>
internal static class AddChecks
{
    private static readonly Shape[] Shapes = [new(1, 1, 1, 3), new(2, 5, 9, 11), new(5, 301)];

    public static IEnumerable<OpCheck> All()
    {
        foreach (var shape in Shapes)
            yield return new OpCheck(AddOp.Name, shape.ToString(), (device, seed) =>
            {
                using var s = new CheckScope(device, seed);
                string c = shape.ToString();
                var (a, av) = s.Uniform(shape);
                var (b, bv) = s.Uniform(shape);
                var y = s.Output(shape);
                var da = s.Output(shape);
                var db = s.Output(shape);
                AddOp.Forward(a, b, y);
                AddOp.Backward(b, da, db);
                var (dA, dB) = AddRef.Backward(bv);
                var results = new List<OpCheckResult>
                {
                    OpCompare.Arrays(AddOp.Name, c, device, y.ToArray(), AddRef.Forward(av, bv), 0, ErrorBounds.U),
                    OpCompare.Arrays($"{AddOp.Name} backward a", c, device, da.ToArray(), dA, 0, 0),
                    OpCompare.Arrays($"{AddOp.Name} backward b", c, device, db.ToArray(), dB, 0, 0),
                };
                // acc += g, in place on a: a + b again.
                AxpyOp.AddInto(a, b);
                results.Add(OpCompare.Arrays($"{AddOp.Name} into", c, device, a.ToArray(), AddRef.Forward(av, bv), 0, ErrorBounds.U));
                // y (= a + b as floats) += 0.37 * b.
                double[] yv = Array.ConvertAll(y.ToArray(), v => (double)v);
                AxpyOp.Axpy(y, b, 0.37);
                var expected = new double[yv.Length];
                var scale = new double[yv.Length];
                for (int i = 0; i < yv.Length; i++)
                {
                    expected[i] = yv[i] + 0.37 * bv[i];
                    scale[i] = Math.Abs(yv[i]) + Math.Abs(0.37 * bv[i]);
                }
                results.Add(OpCompare.Scaled("axpy", c, device, y.ToArray(), expected, scale, 3 * ErrorBounds.U));
                return results;
            });
    }
}
