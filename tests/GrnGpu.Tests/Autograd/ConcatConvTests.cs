using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using Xunit;

namespace GrnGpu.Tests.Autograd;

/// <summary>
/// The fused ConcatConv1x1 gives the values and gradients of Conv2d(Concat(xs)) with a 1x1 kernel (whose ops the catalog
/// checks against the reference): several inputs of odd channel counts, batch 1, no bias, a single input, and an input
/// that needs no gradient, on every device. The sums run in another order (one GEMM per input), so the comparison
/// allows (terms + 2) float roundings of the largest magnitude: at most 12 channels of products below 4 here.
/// </summary>
public class ConcatConvTests
{
    public static TheoryData<string> Devices() => ["cpu", "ilgpu-cpu", "cuda", "cpu-ref"];

    private static readonly (int Batch, int[] Channels, int Out, int H, int W, bool Bias, bool FirstNeedsGrad)[] Cases =
    [
        (2, [3, 4, 1], 5, 5, 7, true, true),
        (1, [2, 5], 3, 9, 4, false, true),
        (3, [6], 7, 3, 3, true, true),
        (2, [4, 3, 2, 3], 6, 6, 5, true, false),
    ];

    [Theory, MemberData(nameof(Devices))]
    public void ConcatConv1x1EqualsConvOfConcat(string kind)
    {
        var device = TestDevices.Get(kind);
        foreach (var c in Cases)
        {
            var fused = Run(device, c, fused: true);
            var chain = Run(device, c, fused: false);
            Assert.Equal(chain.Count, fused.Count);
            int terms = c.Channels.Sum() + 1;
            for (int k = 0; k < chain.Count; k++)
                for (int i = 0; i < chain[k].Length; i++)
                    Assert.True(Math.Abs(chain[k][i] - fused[k][i]) <= (terms + 2) * 4 * 6e-8 * Math.Max(1, c.Batch * c.H * c.W),
                        $"case {string.Join('+', c.Channels)}->{c.Out} b{c.Batch} output {k}[{i}]: {chain[k][i]} vs {fused[k][i]}");
        }
    }

    private static List<float[]> Run(ComputeDevice device, (int Batch, int[] Channels, int Out, int H, int W, bool Bias, bool FirstNeedsGrad) c, bool fused)
    {
        var r = new Random(c.Channels.Sum() * 31 + c.Out);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => 2 * r.NextSingle() - 1).ToArray();
        int total = c.Channels.Sum();
        var xs = c.Channels.Select((ch, i) => new Variable(Tensor.FromArray(device, new Shape(c.Batch, ch, c.H, c.W), Values(c.Batch * ch * c.H * c.W)),
            requiresGrad: i > 0 || c.FirstNeedsGrad)).ToArray();
        var w = new Variable(Tensor.FromArray(device, new Shape(c.Out, total, 1, 1), Values(c.Out * total)), requiresGrad: true);
        var b = c.Bias ? new Variable(Tensor.FromArray(device, new Shape(c.Out), Values(c.Out)), requiresGrad: true) : null;
        var outShape = new Shape(c.Batch, c.Out, c.H, c.W);
        using var weights = Tensor.FromArray(device, new Shape(1, outShape.Size), Values(outShape.Size));
        using var tape = Tape.Train();
        var y = fused ? F.ConcatConv1x1(xs, w, b) : F.Conv2d(F.Concat(xs), w, b);
        var loss = F.Reshape(F.Dense(F.Reshape(y, new Shape(1, outShape.Size)), new Variable(weights), null), new Shape(1));
        var outputs = new List<float[]> { y.Value.ToArray() };
        tape.Backward(loss);
        foreach (var x in xs)
        {
            if (x.RequiresGrad) outputs.Add(x.Grad!.ToArray());
            else Assert.Null(x.Grad);
        }
        outputs.Add(w.Grad!.ToArray());
        if (b != null) outputs.Add(b.Grad!.ToArray());
        foreach (var v in xs.Append(w)) v.Dispose();
        b?.Dispose();
        return outputs;
    }
}
