using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops.Dropout;

/// <summary>
/// Dropout, training and inference. The mask must be the reference's bit for bit (inputs are never 0, so an output is
/// 0 exactly where the element was dropped: compared with tolerance 0). Kept values are x * float(1 / (1 - rate)):
/// two roundings, rtol 2 u. Inference is a copy: exact.
/// </summary>
internal static class DropoutChecks
{
    private static readonly (Shape Shape, double Rate, uint Seed)[] Cases =
    [
        (new(3, 7, 9, 5), 0.5, 1u),
        (new(2, 301), 0.25, 0xDEADBEEFu),   // a seed with the top bit set travels through an int argument
        (new(1, 1), 0.1, 42u),
        (new(4, 5, 31, 17), 0.0, 7u),       // rate 0 keeps everything (threshold 0)
    ];

    public static IEnumerable<OpCheck> All()
    {
        foreach (var (shape, rate, seed) in Cases)
        {
            string name = $"{shape} rate {rate} seed {seed:X}";
            yield return new OpCheck(DropoutOp.Name, name, (device, randomSeed) =>
            {
                using var s = new CheckScope(device, randomSeed);
                var (x, xv) = s.Uniform(shape, 0.5, 1.5);
                var (dy, dyv) = s.Uniform(shape, 0.5, 1.5);
                var y = s.Output(shape);
                var dx = s.Output(shape);
                var yInf = s.Output(shape);
                DropoutOp.Forward(x, y, rate, seed, training: true);
                DropoutOp.Backward(dy, dx, rate, seed, training: true);
                DropoutOp.Forward(x, yInf, rate, seed, training: false);
                float[] got = y.ToArray();
                var mask = Enumerable.Range(0, shape.Size).Select(i => DropoutMask.Keep(seed, i, rate) ? 1.0 : 0.0).ToArray();
                return
                [
                    OpCompare.Arrays($"{DropoutOp.Name} mask", name, device, Array.ConvertAll(got, v => v != 0 ? 1f : 0f), mask, 0, 0),
                    OpCompare.Arrays(DropoutOp.Name, name, device, got, DropoutRef.Forward(xv, rate, seed, training: true), 0, 2 * ErrorBounds.U),
                    OpCompare.Arrays($"{DropoutOp.Name} backward", name, device, dx.ToArray(), DropoutRef.Backward(dyv, rate, seed, training: true), 0, 2 * ErrorBounds.U),
                    OpCompare.Arrays($"{DropoutOp.Name} inference", name, device, yInf.ToArray(), DropoutRef.Forward(xv, rate, seed, training: false), 0, 0),
                ];
            });
        }
    }
}
