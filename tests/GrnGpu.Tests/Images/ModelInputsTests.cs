using Xunit;
using GrnGpu.Models;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Tests.Images;

public class ModelInputsTests
{
    private static GreyImage Random(int seed, int w = 320, int h = 128, int lo = 0, int hi = 256)
    {
        var r = new Random(seed);
        return new GreyImage(w, h, Enumerable.Range(0, w * h).Select(_ => (byte)r.Next(lo, hi)).ToArray());
    }

    [Fact]
    public void ShapesAreTheSeeds()
    {
        Assert.Equal([2, 128, 320], ModelInputs.Shape(ModelKind.SdiNet));
        Assert.Equal([1, 256, 320], ModelInputs.Shape(ModelKind.Fusion));
        Assert.Equal(2 * 128 * 320, ModelInputs.SampleLength());
    }

    [Theory]
    [InlineData(ModelKind.SdiNet)]
    [InlineData(ModelKind.Fusion)]
    public void ScalesPerSampleOverBothImagesWithTfFirst(ModelKind kind)
    {
        var tf = Random(1, lo: 40, hi: 90);     // TF spans 40..89
        var target = Random(2, lo: 60, hi: 200); // target spans 60..199: the sample's min is the TF's, max the target's
        var x = new float[ModelInputs.SampleLength()];
        ModelInputs.Write(kind, tf, target, x);
        int min = Math.Min(tf.Pixels.Min(), target.Pixels.Min()), max = Math.Max(tf.Pixels.Max(), target.Pixels.Max());
        for (int y = 0; y < 128; y += 17)
        for (int c = 0; c < 320; c += 13)
        {
            // Channel 0 (SDINet) = rows 0..127 (fusion) = TF; channel 1 = rows 128..255 = target.
            Assert.Equal((tf[c, y] - min) / (float)(max - min), x[y * 320 + c], 6);
            Assert.Equal((target[c, y] - min) / (float)(max - min), x[128 * 320 + y * 320 + c], 6);
        }
        Assert.Equal(0f, x.Min());
        Assert.Equal(1f, x.Max());
    }

    [Fact]
    public void ConstantSampleIsAllZeros()
    {
        var flat = new GreyImage(320, 128, Enumerable.Repeat((byte)200, 320 * 128).ToArray());
        var x = Enumerable.Repeat(float.NaN, ModelInputs.SampleLength()).ToArray();
        ModelInputs.Write(ModelKind.SdiNet, flat, flat, x);
        Assert.All(x, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void MismatchedSizesAreRejected()
    {
        var x = new float[2 * 10 * 10];
        Assert.Throws<ArgumentException>(() => ModelInputs.Write(ModelKind.SdiNet, Random(1, 10, 10), Random(2, 10, 11), x));
    }
}
