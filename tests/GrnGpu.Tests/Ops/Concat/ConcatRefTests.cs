using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Concat;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.Concat;

/// <summary>The channel concatenation reference: values and gradients (finite differences).</summary>
public class ConcatRefTests
{
    [Fact]
    public void ConcatPlacesEachInputAtItsChannelOffset()
    {
        // N=2, H=1, W=2; inputs with 1 and 2 channels.
        var g = new ConcatGeometry(2, 1, 2, [1, 2]);
        double[] a = [1, 2, 3, 4];                       // n0c0: 1 2 | n1c0: 3 4
        double[] b = [10, 11, 12, 13, 14, 15, 16, 17];   // n0: c0 10 11, c1 12 13 | n1: c0 14 15, c1 16 17
        Assert.Equal([1, 2, 10, 11, 12, 13, 3, 4, 14, 15, 16, 17], ConcatRef.Forward(g, [a, b]));
        double[][] split = ConcatRef.Backward(g, [1, 2, 10, 11, 12, 13, 3, 4, 14, 15, 16, 17]);
        Assert.Equal(a, split[0]);
        Assert.Equal(b, split[1]);
    }

    [Fact]
    public void ConcatBackwardMatchesFiniteDifferences()
    {
        var g = new ConcatGeometry(3, 5, 3, [2, 1, 7, 3]);
        double[][] inputs = Enumerable.Range(0, g.Count).Select(k => TestData.Uniform(g.InputShape(k).Length, 60 + k)).ToArray();
        double[] r = TestData.Uniform(g.OutputShape.Length, 59);
        double Loss() => TestData.Dot(ConcatRef.Forward(g, inputs), r);
        double[][] grads = ConcatRef.Backward(g, r);
        for (int k = 0; k < g.Count; k++) GradientCheck.Check($"dInput{k}", inputs[k], grads[k], Loss);
    }
}
