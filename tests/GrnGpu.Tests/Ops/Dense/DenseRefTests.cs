using Xunit;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Dense;
using GrnGpu.Engine.Ops.Gemm;
using GrnGpu.Tests.Reference;

namespace GrnGpu.Tests.Ops.Dense;

public class DenseRefTests
{
    [Fact]
    public void ForwardIsXTimesWTransposedPlusBias()
    {
        var g = new DenseGeometry(batch: 2, inFeatures: 2, outFeatures: 3);
        double[] x = [1, 2, -1, 0];
        double[] w = [1, 0, 0, 1, 1, 1];   // rows: out features
        Assert.Equal([1.5, 2, 2, -0.5, 0, -2], DenseRef.Forward(g, x, w, [0.5, 0, -1]));
        Assert.Equal([1, 2, 3, -1, 0, -1], DenseRef.Forward(g, x, w, null));
    }

    [Theory]
    [InlineData(1, 5, 3, true)]
    [InlineData(4, 7, 2, false)]
    [InlineData(3, 1, 1, true)]
    [InlineData(5, 13, 11, true)]
    public void BackwardMatchesFiniteDifferences(int batch, int inFeatures, int outFeatures, bool hasBias)
    {
        var g = new DenseGeometry(batch, inFeatures, outFeatures);
        double[] x = TestData.Uniform(g.InputLength, 111), w = TestData.Uniform(g.WeightLength, 112);
        double[]? b = hasBias ? TestData.Uniform(outFeatures, 113) : null;
        double[] r = TestData.Uniform(g.OutputLength, 114);
        double Loss() => TestData.Dot(DenseRef.Forward(g, x, w, b), r);
        var grads = DenseRef.Backward(g, x, w, r, hasBias);
        GradientCheck.Check("dInput", x, grads.Input, Loss);
        GradientCheck.Check("dWeight", w, grads.Weight, Loss);
        if (b != null) GradientCheck.Check("dBias", b, grads.Bias!, Loss);
        else Assert.Null(grads.Bias);
    }

    [Fact]
    public void GemmByHandAndUnderTransposition()
    {
        double[] a = [1, 2, 3, 4, 5, 6];        // 2x3
        double[] b = [7, 8, 9, 10, 11, 12];     // 3x2
        double[] expected = [58, 64, 139, 154];
        Assert.Equal(expected, GemmRef.Multiply(2, 2, 3, a, false, b, false));
        double[] aT = [1, 4, 2, 5, 3, 6];       // A stored 3x2
        double[] bT = [7, 9, 11, 8, 10, 12];    // B stored 2x3
        Assert.Equal(expected, GemmRef.Multiply(2, 2, 3, aT, true, b, false));
        Assert.Equal(expected, GemmRef.Multiply(2, 2, 3, a, false, bT, true));
        Assert.Equal(expected, GemmRef.Multiply(2, 2, 3, aT, true, bT, true));
    }

    [Fact]
    public void DenseEqualsGemmWithTransposedWeight()
    {
        var g = new DenseGeometry(3, 4, 5);
        double[] x = TestData.Uniform(12, 115), w = TestData.Uniform(20, 116);
        double[] viaGemm = GemmRef.Multiply(3, 5, 4, x, false, w, true);
        double[] direct = DenseRef.Forward(g, x, w, null);
        for (int i = 0; i < direct.Length; i++) Assert.Equal(viaGemm[i], direct[i], 14);
    }
}
