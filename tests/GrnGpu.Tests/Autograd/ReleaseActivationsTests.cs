using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using Xunit;
using GrnGpu.Engine.Ops;

namespace GrnGpu.Tests.Autograd;

/// <summary>
/// Backward with releaseActivations gives the same gradients and returns the intermediate outputs to the pool as it
/// goes (the loss stays readable; the tape's end returns the rest, as without the option).
/// </summary>
public class ReleaseActivationsTests
{
    [Theory, MemberData(nameof(TestDevices.AllKinds), MemberType = typeof(TestDevices))]
    public void SameGradientsLessHeld(string kind)
    {
        var device = TestDevices.Get(kind);
        var shape = new Shape(2, 3, 8, 8);
        var r = new Random(3);
        var values = Enumerable.Range(0, shape.Size).Select(_ => r.NextSingle() * 2 - 1).ToArray();
        using var input = Tensor.FromArray(device, shape, values);
        using var labels = Tensor.FromArray(device, new Shape(2, 3), [1, 0, 1, 0, 1, 1]);
        long before = device.Pool.BytesInUse;

        (float[] Grad, long HeldAfterBackward, float Loss) Run(bool release)
        {
            using var tape = Tape.Train();
            var x = new Variable(input, requiresGrad: true);
            var h = F.Relu(F.Add(x, x));
            var loss = F.BinaryCrossEntropy(F.Sigmoid(F.GlobalAvgPool(F.Add(h, x))), labels);
            tape.Backward(loss, releaseActivations: release);
            long held = device.Pool.BytesInUse;
            var grad = x.Grad!.ToArray();
            x.Grad!.Dispose();
            return (grad, held, loss.Value.ToArray()[0]);
        }

        // An output the caller took over with Release stays readable after a releasing backward.
        using (var tape = Tape.Train())
        {
            var x = new Variable(input, requiresGrad: true);
            var p = F.Sigmoid(F.GlobalAvgPool(F.Relu(F.Add(x, x))));
            tape.Release(p);
            var expected = p.Value.ToArray();
            tape.Backward(F.BinaryCrossEntropy(p, labels), releaseActivations: true);
            Assert.Equal(expected, p.Value.ToArray());
            x.Grad!.Dispose();
            p.Dispose();
        }
        Assert.Equal(before, device.Pool.BytesInUse);

        var kept = Run(release: false);
        var released = Run(release: true);
        Assert.Equal(kept.Grad, released.Grad);
        Assert.Equal(kept.Loss, released.Loss);
        Assert.True(released.HeldAfterBackward < kept.HeldAfterBackward,
            $"held after backward: {released.HeldAfterBackward} with release, {kept.HeldAfterBackward} without");
        Assert.Equal(before, device.Pool.BytesInUse);
    }
}
