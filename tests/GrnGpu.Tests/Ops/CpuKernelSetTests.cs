using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Adam;
using GrnGpu.Engine.Ops.BatchNorm;
using GrnGpu.Engine.Ops.BinaryCrossEntropy;
using GrnGpu.Engine.Ops.Dropout;
using GrnGpu.Engine.Ops.GlobalAvgPool;
using GrnGpu.Engine.Ops.MaxPool;
using Xunit;

namespace GrnGpu.Tests.Ops;

/// <summary>
/// What the op checks do not cover of the cpu device's kernels: batch norm's fused epilogues (ReLU, residual add, and
/// their gradients) against the reference device's separate passes, and the same bits whatever the thread count, on
/// sizes large enough for every kernel to split its work over the pool.
/// </summary>
public class CpuKernelSetTests
{
    private static readonly Shape[] BatchNormShapes = [new(2, 3, 5, 7), new(3, 5, 17, 9), new(5, 6), new(1, 2, 33, 20)];

    [Theory]
    [InlineData(true, false, true)]
    [InlineData(true, true, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    public void FusedBatchNormMatchesTheReferenceDevice(bool relu, bool residual, bool training)
    {
        var cpu = DeviceRegistry.Open("cpu");
        var reference = DeviceRegistry.Open("cpu-ref");
        foreach (var shape in BatchNormShapes)
        {
            var expected = RunBatchNorm(reference, shape, relu, residual, training);
            var actual = RunBatchNorm(cpu, shape, relu, residual, training);
            for (int k = 0; k < expected.Count; k++)
                for (int i = 0; i < expected[k].Length; i++)
                    Assert.True(Math.Abs(expected[k][i] - actual[k][i]) <= 1e-5f * Math.Max(1, Math.Abs(expected[k][i])),
                        $"{shape} output {k}[{i}]: {expected[k][i]} vs {actual[k][i]}");
        }
    }

    /// <summary>Windows the catalog's max pool cases leave out: 2x2 stride 2 with padding after odd rows and columns (the vector pair path's edge).</summary>
    [Theory]
    [InlineData(2, 2, 9, 37, Padding.Same)]
    [InlineData(2, 2, 8, 35, Padding.Same)]
    [InlineData(3, 2, 9, 37, Padding.Valid)]
    public void MaxPoolMatchesTheReferenceDevice(int pool, int stride, int h, int w, Padding padding)
    {
        var g = Pool2dGeometry.Square(2, 3, h, w, pool, stride, padding);
        var expected = RunMaxPool(DeviceRegistry.Open("cpu-ref"), g);
        var actual = RunMaxPool(DeviceRegistry.Open("cpu"), g);
        for (int k = 0; k < expected.Count; k++) Assert.Equal(expected[k], actual[k]);
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        using var single = new CpuDevice(new CpuDeviceOptions(1));
        using var pool = new CpuDevice(new CpuDeviceOptions(3));
        var one = Run(single);
        var three = Run(pool);
        Assert.Equal(one.Count, three.Count);
        for (int k = 0; k < one.Count; k++) Assert.True(one[k].AsSpan().SequenceEqual(three[k]), $"output {k} differs");

        static List<float[]> Run(ComputeDevice device)
        {
            var outputs = RunBatchNorm(device, new Shape(4, 6, 63, 65), relu: true, residual: true, training: true);
            var r = new Random(7);
            using var x = Tensor.FromArray(device, new Shape(3, 8, 61, 67), Values(r, 3 * 8 * 61 * 67, -1, 1));
            var pool = Pool2dGeometry.Square(3, 8, 61, 67, 3, 2, Padding.Same);
            using var y = Tensor.Empty(device, new Shape(3, 8, pool.OutH, pool.OutW));
            using var taps = Tensor.Empty(device, y.Shape);
            using var dx = Tensor.Empty(device, x.Shape);
            using var avg = Tensor.Empty(device, new Shape(3, 8));
            MaxPoolOp.Forward(pool, x, y, taps);
            MaxPoolOp.Backward(pool, taps, y, dx);
            GlobalAvgPoolOp.Forward(x, avg);
            using var p = Tensor.FromArray(device, new Shape(x.Length, 1), Values(r, x.Length, 0, 1));
            using var labels = Tensor.FromArray(device, p.Shape, Values(r, x.Length, 0, 1));
            using var loss = Tensor.Empty(device, new Shape(1));
            BinaryCrossEntropyOp.Forward(p, labels, loss, 0.1);
            using var dropped = Tensor.Empty(device, x.Shape);
            DropoutOp.Forward(x, dropped, 0.3, 12345, training: true);
            using var m = Tensor.FromArray(device, x.Shape, new float[x.Length]);
            using var v = Tensor.FromArray(device, x.Shape, new float[x.Length]);
            AdamOp.Step(p.Reshape(x.Shape), x, m, v, 1, 1e-3, AdamSettings.Keras);
            outputs.AddRange([y.ToArray(), taps.ToArray(), dx.ToArray(), avg.ToArray(), loss.ToArray(), dropped.ToArray(), p.ToArray(), m.ToArray()]);
            return outputs;
        }
    }

    /// <summary>Output, taps and input gradient (dy small integers: their sums are exact, so any order of adding them agrees).</summary>
    private static List<float[]> RunMaxPool(ComputeDevice device, Pool2dGeometry g)
    {
        var r = new Random(g.InH * g.InW);
        using var x = Tensor.FromArray(device, new Shape(g.Batch, g.Channels, g.InH, g.InW), Values(r, g.InputShape.Length, -1, 1));
        using var y = Tensor.Empty(device, new Shape(g.Batch, g.Channels, g.OutH, g.OutW));
        using var taps = Tensor.Empty(device, y.Shape);
        using var dy = Tensor.FromArray(device, y.Shape, Enumerable.Range(0, y.Length).Select(_ => (float)r.Next(-8, 9)).ToArray());
        using var dx = Tensor.Empty(device, x.Shape);
        MaxPoolOp.Forward(g, x, y, taps);
        MaxPoolOp.Backward(g, taps, dy, dx);
        return [y.ToArray(), taps.ToArray(), dx.ToArray()];
    }

    /// <summary>The forward (output, mean, variance) and backward (dx, dgamma, dbeta, dresidual) with the epilogues asked for.</summary>
    private static List<float[]> RunBatchNorm(ComputeDevice device, Shape shape, bool relu, bool residual, bool training)
    {
        int c = shape[1];
        var r = new Random(shape.Size);
        var settings = BatchNormSettings.Keras;
        using var x = Tensor.FromArray(device, shape, Values(r, shape.Size, -2, 3));
        using var dy = Tensor.FromArray(device, shape, Values(r, shape.Size, -1, 1));
        using var shortcut = Tensor.FromArray(device, shape, Values(r, shape.Size, -1, 1));
        using var gamma = Tensor.FromArray(device, new Shape(c), Values(r, c, 0.5f, 1.5f));
        using var beta = Tensor.FromArray(device, new Shape(c), Values(r, c, -0.5f, 0.5f));
        using var mean = Tensor.FromArray(device, new Shape(c), Values(r, c, -0.2f, 0.2f));
        using var variance = Tensor.FromArray(device, new Shape(c), Values(r, c, 0.5f, 2f));
        using var y = Tensor.Empty(device, shape);
        using var dx = Tensor.Empty(device, shape);
        using var dShortcut = Tensor.Empty(device, shape);
        using var dGamma = Tensor.Empty(device, new Shape(c));
        using var dBeta = Tensor.Empty(device, new Shape(c));
        var res = residual ? shortcut : null;
        if (training)
        {
            BatchNormOp.ForwardTraining(x, gamma, beta, y, mean, variance, settings, relu, res);
            BatchNormOp.BackwardTraining(x, gamma, mean, variance, dy, dx, dGamma, dBeta, settings, relu ? y : null, residual ? dShortcut : null);
        }
        else
        {
            BatchNormOp.ForwardInference(x, gamma, beta, mean, variance, y, settings, relu, res);
            BatchNormOp.BackwardInference(x, gamma, mean, variance, dy, dx, dGamma, dBeta, settings, relu ? y : null, residual ? dShortcut : null);
        }
        var outputs = new List<float[]> { y.ToArray(), mean.ToArray(), variance.ToArray(), dx.ToArray(), dGamma.ToArray(), dBeta.ToArray() };
        if (residual) outputs.Add(dShortcut.ToArray());
        return outputs;
    }

    private static float[] Values(Random r, int n, float lo, float hi) => Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * r.NextSingle()).ToArray();
}
