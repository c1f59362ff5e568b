using Xunit;
using GrnGpu.Engine.Ops.Add;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.Add;

/// <summary>The add reference: values and gradients (finite differences).</summary>
public class AddRefTests
{
    [Fact]
    public void AddAndItsGradient()
    {
        Assert.Equal([4, 1, -1], AddRef.Forward([1, 2, 3], [3, -1, -4]));
        double[] a = TestData.Uniform(17, 51), b = TestData.Uniform(17, 52), r = TestData.Uniform(17, 53);
        double Loss() => TestData.Dot(AddRef.Forward(a, b), r);
        var (da, db) = AddRef.Backward(r);
        GradientCheck.Check("dA", a, da, Loss);
        GradientCheck.Check("dB", b, db, Loss);
        Assert.Throws<ArgumentException>(() => AddRef.Forward([1, 2], [1]));
    }
}
