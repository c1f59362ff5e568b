using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Ops.Adam;
using GrnGpu.Engine.Ops.BatchNorm;
using GrnGpu.Engine.Optim;
using Xunit;

namespace GrnGpu.Tests.Autograd;

public class TapeTests
{
    private static float[] Random(int n, int seed, float lo = -1, float hi = 1)
    {
        var r = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++)
        {
            // Away from ReLU's kink, so finite differences see one side only.
            float v;
            do v = lo + (hi - lo) * r.NextSingle(); while (MathF.Abs(v) < 0.1f);
            a[i] = v;
        }
        return a;
    }

    /// <summary>
    /// x feeds two ops (relu and the residual add), the result is pooled, squeezed and excited, pooled again
    /// and scored by BCE: the tape must sum both paths' gradients into x.
    /// </summary>
    private static Variable Loss(Variable x, Tensor labels)
    {
        var b = F.Add(F.Relu(x), x);
        var gate = F.Sigmoid(F.GlobalAvgPool(b));
        var excited = F.ChannelScale(b, gate);
        var p = F.Sigmoid(F.GlobalAvgPool(excited));
        return F.BinaryCrossEntropy(p, labels);
    }

    private static double LossValue(ComputeDevice device, float[] x, Shape shape, Tensor labels)
    {
        using var tape = Tape.Inference();
        using var input = Tensor.FromArray(device, shape, x);
        return Loss(new Variable(input), labels).Value.ToArray()[0];
    }

    /// <summary>
    /// Central differences of the float loss on cpu-ref. With h = 1e-2 the truncation error is about
    /// h^2 |f'''| / 6 (below 1e-5 here) and the loss's float rounding (about 1e-7) divided by 2h adds 5e-6;
    /// a 2e-3 relative-plus-1e-5 absolute tolerance is far above both and far below a missing path (~50%).
    /// </summary>
    [Fact]
    public void GradientsThroughAReusedTensorMatchFiniteDifferences()
    {
        var device = TestDevices.Get("cpu-ref");
        var shape = new Shape(2, 3, 4, 5);
        var x = Random(shape.Size, 3);
        using var labels = Tensor.FromArray(device, new Shape(2, 3), [1, 0, 1, 0, 0, 1]);
        float[] analytic;
        using (var tape = Tape.Train())
        {
            using var input = Tensor.FromArray(device, shape, x);
            var xv = new Variable(input, requiresGrad: true);
            tape.Backward(Loss(xv, labels));
            analytic = xv.Grad!.ToArray();
            xv.Grad.Dispose();
        }
        const float h = 1e-2f;
        for (int i = 0; i < x.Length; i += 7)
        {
            var plus = (float[])x.Clone();
            var minus = (float[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (LossValue(device, plus, shape, labels) - LossValue(device, minus, shape, labels)) / (2 * h);
            Assert.True(Math.Abs(analytic[i] - numeric) <= 1e-5 + 2e-3 * Math.Abs(numeric), $"x[{i}]: analytic {analytic[i]}, numeric {numeric}");
        }
    }

    /// <summary>Same graph on a kernel device and cpu-ref: gradients agree to float rounding of a few dozen ops (1e-5 relative).</summary>
    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu-cpu")]
    public void KernelDeviceGradientsMatchTheReferenceDevice(string kind)
    {
        var gpu = TestDevices.Get(kind);
        var reference = TestDevices.Get("cpu-ref");
        var shape = new Shape(3, 5, 7, 9);
        var x = Random(shape.Size, 11);
        float[] Grad(ComputeDevice d)
        {
            using var labels = Tensor.FromArray(d, new Shape(3, 5), Enumerable.Range(0, 15).Select(i => (float)(i % 2)).ToArray());
            using var tape = Tape.Train();
            using var input = Tensor.FromArray(d, shape, x);
            var xv = new Variable(input, requiresGrad: true);
            tape.Backward(Loss(xv, labels));
            var g = xv.Grad!.ToArray();
            xv.Grad.Dispose();
            return g;
        }
        var expected = Grad(reference);
        var got = Grad(gpu);
        double scale = expected.Max(v => Math.Abs(v));
        for (int i = 0; i < got.Length; i++)
            Assert.True(Math.Abs(got[i] - expected[i]) <= 1e-5 * scale, $"[{i}] {got[i]} vs {expected[i]}");
    }

    [Theory, MemberData(nameof(TestDevices.AllKinds), MemberType = typeof(TestDevices))]
    public void DisposingTheTapeReturnsEveryActivationToThePool(string kind)
    {
        var device = TestDevices.Get(kind);
        var shape = new Shape(2, 4, 6, 6);
        using var labels = Tensor.FromArray(device, new Shape(2, 4), new float[8]);
        using var input = Tensor.FromArray(device, shape, Random(shape.Size, 5));
        long before = device.Pool.BytesInUse;
        using (var tape = Tape.Train())
        {
            var xv = new Variable(input, requiresGrad: true);
            tape.Backward(Loss(xv, labels));
            Assert.True(device.Pool.BytesInUse > before);
            xv.Grad!.Dispose();
        }
        Assert.Equal(before, device.Pool.BytesInUse);
    }

    [Fact]
    public void AnInferenceScopeRecordsNothing()
    {
        var device = TestDevices.Get("cpu-ref");
        using var tape = Tape.Inference();
        using var input = Tensor.FromArray(device, new Shape(1, 2, 3, 3), Random(18, 1));
        var y = F.Relu(new Variable(input, requiresGrad: true));
        Assert.False(y.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => tape.Backward(y));
    }

    /// <summary>
    /// BN parameters in a store: training-mode gradients of gamma and beta against finite differences
    /// (cpu-ref, float storage; tolerance as above), and the running statistics moved by the forward pass.
    /// </summary>
    [Fact]
    public void BatchNormParametersGetGradientsAndRunningStatisticsMove()
    {
        var device = TestDevices.Get("cpu-ref");
        var shape = new Shape(4, 3, 5, 5);
        var x = Random(shape.Size, 9, -2, 3);
        var specs = new[]
        {
            new ParameterSpec("bn.gamma", new Shape(3), [1.2f, 0.7f, 1.5f]),
            new ParameterSpec("bn.beta", new Shape(3), [0.1f, -0.3f, 0.2f]),
            new ParameterSpec("bn.mean", new Shape(3), new float[3], Trainable: false),
            new ParameterSpec("bn.variance", new Shape(3), [1, 1, 1], Trainable: false),
        };
        using var labels = Tensor.FromArray(device, new Shape(4, 3), Enumerable.Range(0, 12).Select(i => (float)(i % 3 == 0 ? 1 : 0)).ToArray());
        using var input = Tensor.FromArray(device, shape, x);

        double LossAt(ParameterStore s, bool record)
        {
            using var tape = Tape.Train();
            var y = F.BatchNorm(new Variable(input), s["bn.gamma"], s["bn.beta"], s["bn.mean"], s["bn.variance"], BatchNormSettings.Keras);
            // Sigmoid, not ReLU, after BN: perturbing gamma must not move outputs across a kink.
            var loss = F.BinaryCrossEntropy(F.Sigmoid(F.GlobalAvgPool(F.Sigmoid(y))), labels);
            if (record) tape.Backward(loss);
            return loss.Value.ToArray()[0];
        }

        using var store = new ParameterStore(device, specs);
        Assert.Equal(6, store.TrainableCount);
        LossAt(store, record: true);
        var gGamma = store["bn.gamma"].Grad!.ToArray();
        var gBeta = store["bn.beta"].Grad!.ToArray();
        var runningMean = store["bn.mean"].Value.ToArray();
        var (batchMean, _) = BatchNormRef.BatchStatistics(new NchwShape(4, 3, 5, 5), Array.ConvertAll(x, v => (double)v));
        for (int c = 0; c < 3; c++) Assert.Equal(0.01 * batchMean[c], runningMean[c], 1e-6);

        const float h = 1e-2f;
        foreach (var (name, grad) in new[] { ("bn.gamma", gGamma), ("bn.beta", gBeta) })
            for (int c = 0; c < 3; c++)
            {
                double Perturbed(float delta)
                {
                    var perturbed = specs.Select(s => s.Name == name ? s with { Initial = s.Initial.Select((v, i) => i == c ? v + delta : v).ToArray() } : s);
                    using var s2 = new ParameterStore(device, perturbed);
                    return LossAt(s2, record: false);
                }
                double numeric = (Perturbed(h) - Perturbed(-h)) / (2 * h);
                Assert.True(Math.Abs(grad[c] - numeric) <= 1e-5 + 2e-3 * Math.Abs(numeric), $"{name}[{c}]: {grad[c]} vs {numeric}");
            }
    }

    /// <summary>The optimiser's one launch over the flat store equals AdamRef on each parameter, step for step.</summary>
    [Theory, MemberData(nameof(TestDevices.AllKinds), MemberType = typeof(TestDevices))]
    public void AdamOverTheStoreMatchesTheReferenceStepForStep(string kind)
    {
        var device = TestDevices.Get(kind);
        var a = Random(7, 1);
        var b = Random(130, 2);
        using var store = new ParameterStore(device, [new ParameterSpec("a", new Shape(7), a), new ParameterSpec("b", new Shape(13, 10), b),
            new ParameterSpec("frozen", new Shape(3), [5, 6, 7], Trainable: false)]);
        using var adam = new Adam(store, LearningRateSchedule.Constant(1e-2));
        var pa = Array.ConvertAll(a, v => (double)v);
        var pb = Array.ConvertAll(b, v => (double)v);
        double[] ma = new double[7], va = new double[7], mb = new double[130], vb = new double[130];
        for (int step = 1; step <= 4; step++)
        {
            store.ZeroGrads();
            var ga = Random(7, 10 + step);
            var gb = Random(130, 20 + step);
            store["a"].Grad!.CopyFrom(ga);
            store["b"].Grad!.CopyFrom(gb);
            adam.Update(epoch: 0);
            AdamRef.Step(pa, Array.ConvertAll(ga, v => (double)v), ma, va, step, 1e-2, AdamSettings.Keras);
            AdamRef.Step(pb, Array.ConvertAll(gb, v => (double)v), mb, vb, step, 1e-2, AdamSettings.Keras);
            // Each step moves a parameter by at most lr (1e-2); float rounding of the update is ~1e-7 of |p|,
            // so 1e-5 absolute covers four steps with a wide margin and still catches a wrong moment or rate.
            var gotA = store["a"].Value.ToArray();
            var gotB = store["b"].Value.ToArray();
            for (int i = 0; i < 7; i++) Assert.Equal(pa[i], gotA[i], 1e-5);
            for (int i = 0; i < 130; i++) Assert.Equal(pb[i], gotB[i], 1e-5);
        }
        Assert.Equal(new float[] { 5, 6, 7 }, store["frozen"].Value.ToArray());
        Assert.Equal(4, adam.Step);
    }

    /// <summary>
    /// Conv (stride 2, same padding) and dense parameters in one store: tape gradients of every parameter
    /// kind against central differences on cpu-ref (tolerance as in the first test; sigmoids keep it smooth).
    /// </summary>
    [Fact]
    public void ConvAndDenseParameterGradientsMatchFiniteDifferences()
    {
        var device = TestDevices.Get("cpu-ref");
        var inputShape = new Shape(2, 3, 7, 6);
        using var input = Tensor.FromArray(device, inputShape, Random(inputShape.Size, 21));
        using var labels = Tensor.FromArray(device, new Shape(2, 1), [1, 0]);
        var specs = new[]
        {
            new ParameterSpec("conv.w", new Shape(4, 3, 3, 3), Random(108, 22, -0.5f, 0.5f)),
            new ParameterSpec("conv.b", new Shape(4), Random(4, 23, -0.5f, 0.5f)),
            new ParameterSpec("dense.w", new Shape(1, 4), Random(4, 24)),
            new ParameterSpec("dense.b", new Shape(1), [0.2f]),
        };

        double LossAt(ParameterStore s, bool record)
        {
            using var tape = Tape.Train();
            var h = F.Sigmoid(F.Conv2d(new Variable(input), s["conv.w"], s["conv.b"], stride: 2));
            var loss = F.BinaryCrossEntropy(F.Sigmoid(F.Dense(F.GlobalAvgPool(h), s["dense.w"], s["dense.b"])), labels);
            if (record) tape.Backward(loss);
            return loss.Value.ToArray()[0];
        }

        using var store = new ParameterStore(device, specs);
        LossAt(store, record: true);
        const float step = 1e-2f;
        foreach (var spec in specs)
        {
            var grad = store[spec.Name].Grad!.ToArray();
            for (int i = 0; i < spec.Length; i += 13)
            {
                double Perturbed(float delta)
                {
                    var changed = specs.Select(s => s.Name == spec.Name ? s with { Initial = s.Initial.Select((v, k) => k == i ? v + delta : v).ToArray() } : s);
                    using var s2 = new ParameterStore(device, changed);
                    return LossAt(s2, record: false);
                }
                double numeric = (Perturbed(step) - Perturbed(-step)) / (2 * step);
                Assert.True(Math.Abs(grad[i] - numeric) <= 1e-5 + 2e-3 * Math.Abs(numeric), $"{spec.Name}[{i}]: {grad[i]} vs {numeric}");
            }
        }
    }
}
