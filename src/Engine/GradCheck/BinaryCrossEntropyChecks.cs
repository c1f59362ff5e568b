using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.GradCheck;

/// <summary>
/// Binary cross-entropy on probabilities, with and without label smoothing, including probabilities in the clipped
/// region (0, 1, and within 1e-7 of them). Loss: each term is a log (up to 3 ulp on OpenCL) and a few roundings, 8 u
/// of the term; the terms are positive, so the mean's bound is (8 u + the two-stage reduction bound) of the loss, plus
/// 3e-8 per term for 1 - 1e-7 not being representable in float (the clip bound moves by 2e-8). Gradient: ~6 roundings
/// of each of the two quotients it adds (they cancel near p = y'): 8 u of their absolute sum.
/// </summary>
public static class BinaryCrossEntropyChecks
{
    private static readonly (int N, double Smoothing)[] Cases = [(1, 0), (37, 0), (1000, 0.1), (257, 1)];

    public static IEnumerable<OpCheck> All()
    {
        foreach (var (n, smoothing) in Cases)
        {
            string name = $"n={n} smoothing {smoothing}";
            yield return new OpCheck("binary cross-entropy", name, (device, seed) =>
            {
                using var s = new CheckScope(device, seed);
                var shape = new Shape(n, 1);
                var (pf, _) = OpCompare.Random(s.Random, n, 0, 1);
                float[] edges = [0f, 1f, 5e-8f, 1e-7f, BinaryCrossEntropyOp.LowerBound, BinaryCrossEntropyOp.UpperBound, 0.99999994f, 1 - 1e-7f, 0.5f];
                for (int i = 0; i < n && i < edges.Length; i++) pf[(i * 7) % n] = edges[i];
                double[] pv = Array.ConvertAll(pf, v => (double)v);
                var labelsF = Enumerable.Range(0, n).Select(_ => s.Random.Next(2) == 0 ? 0f : 1f).ToArray();
                double[] lv = Array.ConvertAll(labelsF, v => (double)v);
                var p = s.Upload(shape, pf);
                var labels = s.Upload(shape, labelsF);
                var loss = s.Output(new Shape(1));
                var dp = s.Output(shape);
                BinaryCrossEntropyOp.Forward(p, labels, loss, smoothing);
                // An upstream gradient of 2 (exact in float, so the bound is unchanged) proves the kernel applies it.
                var upstream = s.Upload(new Shape(1), [2f]);
                BinaryCrossEntropyOp.Backward(p, labels, dp, smoothing, upstream);

                double expected = BinaryCrossEntropyRef.Loss(pv, lv, smoothing);
                double lossTol = 8 * ErrorBounds.U + ErrorBounds.TwoStageReduction(device, n);
                var gradScale = new double[n];
                for (int i = 0; i < n; i++)
                {
                    double y = BinaryCrossEntropyRef.Smooth(lv[i], smoothing);
                    gradScale[i] = 2 * (Math.Abs(y / (pv[i] + 1e-7)) + Math.Abs((1 - y) / (1 - pv[i] + 1e-7))) / n;
                }
                return
                [
                    OpCompare.Arrays("binary cross-entropy", name, device, loss.ToArray(), [expected], 3e-8, lossTol),
                    OpCompare.Scaled("binary cross-entropy backward", name, device, dp.ToArray(),
                        BinaryCrossEntropyRef.Backward(pv, lv, smoothing).Select(g => 2 * g).ToArray(), gradScale, 8 * ErrorBounds.U),
                ];
            });
        }
    }
}
