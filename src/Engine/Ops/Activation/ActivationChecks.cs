using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.Activation;

/// <summary>
/// ReLU and sigmoid, forward and backward. Tolerances: ReLU is a selection, exact (0). Sigmoid: expf is within
/// 2 ulp (CUDA) / 3 ulp (OpenCL), then an add and a divide: rtol 1e-6 (~16 u) covers both branches; its backward
/// dy * y * (1 - y) is three roundings: rtol 4 u.
/// </summary>
internal static class ActivationChecks
{
    private static readonly Shape[] Shapes = [new(1, 3, 5, 7), new(2, 37), new(3, 7, 33, 31)];

    public static IEnumerable<OpCheck> All()
    {
        foreach (var shape in Shapes)
        {
            yield return new OpCheck(ReluOp.Name, shape.ToString(), (device, seed) =>
            {
                using var s = new CheckScope(device, seed);
                var (x, xv) = WithZeros(s, shape);
                var (dy, dyv) = s.Uniform(shape);
                var y = s.Output(shape);
                var dx = s.Output(shape);
                ReluOp.Forward(x, y);
                ReluOp.Backward(x, dy, dx);
                return
                [
                    OpCompare.Arrays(ReluOp.Name, shape.ToString(), device, y.ToArray(), ActivationRef.Relu(xv), 0, 0),
                    OpCompare.Arrays($"{ReluOp.Name} backward", shape.ToString(), device, dx.ToArray(), ActivationRef.ReluBackward(xv, dyv), 0, 0),
                ];
            });
            yield return new OpCheck(SigmoidOp.Name, shape.ToString(), (device, seed) =>
            {
                using var s = new CheckScope(device, seed);
                var (x, xv) = s.Uniform(shape, -20, 20);   // both branches, and saturation
                var (y0, yv) = s.Uniform(shape, 0, 1);
                var (dy, dyv) = s.Uniform(shape);
                var y = s.Output(shape);
                var dx = s.Output(shape);
                SigmoidOp.Forward(x, y);
                SigmoidOp.Backward(y0, dy, dx);
                return
                [
                    OpCompare.Arrays(SigmoidOp.Name, shape.ToString(), device, y.ToArray(), ActivationRef.Sigmoid(xv), 0, 1e-6),
                    OpCompare.Arrays($"{SigmoidOp.Name} backward", shape.ToString(), device, dx.ToArray(), ActivationRef.SigmoidBackward(yv, dyv), 0, 4 * ErrorBounds.U),
                ];
            });
        }
    }

    /// <summary>Uniform values with every fifth one exactly 0, where ReLU's gradient must be 0.</summary>
    private static (Tensor, double[]) WithZeros(CheckScope s, Shape shape)
    {
        var (floats, _) = OpCompare.Random(s.Random, shape.Size);
        for (int i = 0; i < floats.Length; i += 5) floats[i] = 0f;
        return (s.Upload(shape, floats), Array.ConvertAll(floats, v => (double)v));
    }
}
