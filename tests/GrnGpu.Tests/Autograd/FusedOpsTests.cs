using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using Xunit;
using GrnGpu.Engine.Ops.BatchNorm;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Tests.Autograd;

/// <summary>
/// The fused ops give the values and gradients of the chains they replace (which the op checks hold against the
/// reference): BatchNormRelu = Relu(BatchNorm), BatchNormAddRelu = Relu(BatchNorm + residual), AddRelu = Relu(Add), on awkward shapes, in training and inference
/// mode, on every kernel device (where the fused form is its own kernel: the cpu device's SIMD kernels, the ILGPU kernels on
/// ILGPU's CPU accelerator and on a CUDA GPU). Not on the reference device: there the fused form runs the very chain it would
/// be compared with.
/// </summary>
public class FusedOpsTests
{
    public static TheoryData<string> Devices() => new("cpu", "ilgpu-cpu", "cuda");

    private static readonly Shape[] Shapes = [new(2, 3, 5, 7), new(1, 4, 1, 1), new(3, 5, 17, 9), new(5, 6), new(1, 2, 33, 20)];

    [Theory, MemberData(nameof(Devices))]
    public void BatchNormReluEqualsReluOfBatchNorm(string kind)
    {
        var device = TestDevices.Get(kind);
        foreach (var shape in Shapes)
            foreach (bool training in new[] { true, false })
            {
                var fused = RunBn(device, shape, training, fused: true);
                var chain = RunBn(device, shape, training, fused: false);
                for (int k = 0; k < chain.Count; k++)
                    AssertClose(chain[k], fused[k], $"{shape} training={training} output {k}");
            }
    }

    [Theory, MemberData(nameof(Devices))]
    public void BatchNormAddReluEqualsReluOfBatchNormPlusResidual(string kind)
    {
        var device = TestDevices.Get(kind);
        foreach (var shape in Shapes)
            foreach (bool training in new[] { true, false })
            {
                var fused = RunBn(device, shape, training, fused: true, residual: true);
                var chain = RunBn(device, shape, training, fused: false, residual: true);
                for (int k = 0; k < chain.Count; k++)
                    AssertClose(chain[k], fused[k], $"{shape} training={training} output {k}");
            }
    }

    [Theory, MemberData(nameof(Devices))]
    public void AddReluEqualsReluOfAdd(string kind)
    {
        var device = TestDevices.Get(kind);
        foreach (var shape in Shapes)
        {
            var fused = RunAdd(device, shape, fused: true);
            var chain = RunAdd(device, shape, fused: false);
            for (int k = 0; k < chain.Count; k++) AssertClose(chain[k], fused[k], $"{shape} output {k}");
        }
    }

    /// <summary>Output, dx, dgamma, dbeta, running mean and variance after one step; the loss weighs each output differently.</summary>
    private static List<float[]> RunBn(ComputeDevice device, Shape shape, bool training, bool fused, bool residual = false)
    {
        int c = shape[1];
        var r = new Random(shape.Size + c);
        float[] Values(int n, float lo, float hi) => Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * r.NextSingle()).ToArray();
        using var store = new ParameterStore(device,
        [
            new ParameterSpec("bn.gamma", new Shape(c), Values(c, 0.5f, 1.5f)),
            new ParameterSpec("bn.beta", new Shape(c), Values(c, -0.5f, 0.5f)),
            new ParameterSpec("bn.mean", new Shape(c), Values(c, -0.2f, 0.2f), Trainable: false),
            new ParameterSpec("bn.variance", new Shape(c), Values(c, 0.5f, 2f), Trainable: false),
        ]);
        using var x = Tensor.FromArray(device, shape, Values(shape.Size, -2, 3));
        using var weights = Tensor.FromArray(device, shape, Values(shape.Size, -1, 1));
        using var r0 = Tensor.FromArray(device, shape, Values(shape.Size, -1, 1));
        var xv = new Variable(x, requiresGrad: true);
        var rv = new Variable(r0, requiresGrad: true);
        var s = BatchNormSettings.Keras;
        using (var tape = training ? Tape.Train() : Tape.RecordInferenceMode())
        {
            var (gamma, beta, mean, variance) = (store["bn.gamma"], store["bn.beta"], store["bn.mean"], store["bn.variance"]);
            var y = (fused, residual) switch
            {
                (true, false) => F.BatchNormRelu(xv, gamma, beta, mean, variance, s),
                (false, false) => F.Relu(F.BatchNorm(xv, gamma, beta, mean, variance, s)),
                (true, true) => F.BatchNormAddRelu(xv, rv, gamma, beta, mean, variance, s),
                (false, true) => F.Relu(F.Add(F.BatchNorm(xv, gamma, beta, mean, variance, s), rv)),
            };
            var outputs = new List<float[]> { y.Value.ToArray() };
            tape.Backward(WeightedSum(y, weights));
            outputs.Add(xv.Grad!.ToArray());
            if (residual) outputs.Add(rv.Grad!.ToArray());
            outputs.Add(store["bn.gamma"].Grad!.ToArray());
            outputs.Add(store["bn.beta"].Grad!.ToArray());
            outputs.Add(store["bn.mean"].Value.ToArray());
            outputs.Add(store["bn.variance"].Value.ToArray());
            xv.Dispose();
            rv.Dispose();
            return outputs;
        }
    }

    private static List<float[]> RunAdd(ComputeDevice device, Shape shape, bool fused)
    {
        var r = new Random(shape.Size);
        float[] Values(float lo, float hi) => Enumerable.Range(0, shape.Size).Select(_ => lo + (hi - lo) * r.NextSingle()).ToArray();
        using var a = Tensor.FromArray(device, shape, Values(-1, 1));
        using var b = Tensor.FromArray(device, shape, Values(-1, 1));
        using var weights = Tensor.FromArray(device, shape, Values(-1, 1));
        var av = new Variable(a, requiresGrad: true);
        var bv = new Variable(b, requiresGrad: true);
        using var tape = Tape.Train();
        var y = fused ? F.AddRelu(av, bv) : F.Relu(F.Add(av, bv));
        var outputs = new List<float[]> { y.Value.ToArray() };
        tape.Backward(WeightedSum(y, weights));
        outputs.Add(av.Grad!.ToArray());
        outputs.Add(bv.Grad!.ToArray());
        return outputs;
    }

    /// <summary>A scalar loss with a different gradient for each element of y: a dense layer (weights w, (1, N*F)) over y flattened to one row.</summary>
    private static Variable WeightedSum(Variable y, Tensor weights)
    {
        var flat = F.Reshape(y, new Shape(1, y.Shape.Size));
        var w = new Variable(weights.Reshape(new Shape(1, y.Shape.Size)));
        return F.Reshape(F.Dense(flat, w, null), new Shape(1));
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]: {expected[i]} vs {actual[i]}");
    }
}
