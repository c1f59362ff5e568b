using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models;
using GrnGpu.Models.Explain;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Explain;

/// <summary>
/// Occlusion saliency against what it means, on a small SDINet with its initial weights: hiding zeros changes nothing,
/// and with one tile per panel each panel's map is exactly |p - p with that panel set to 0|.
/// </summary>
public class OcclusionSaliencyTests
{
    private static (Model Model, float[] Sample, IReadOnlyList<SaliencyPanel> Panels) Setup(ComputeDevice device)
    {
        var network = NetworkFactory.Create(ModelKind.SdiNet, NetworkDimensions.Small, 7);
        var panels = SaliencyPanel.Of(network);
        var rng = new Random(3);
        var sample = new float[panels.Sum(p => p.Length)];
        var tf = panels.Single(p => p.Name == "tf");
        for (int i = 0; i < tf.Length; i++) sample[tf.Offset + i] = (float)rng.NextDouble(); // the target image stays all 0
        return (new Model(network, device), sample, panels);
    }

    private static double Predict(Model model, float[] sample)
    {
        var input = model.Network.Inputs.Single();
        using var t = Tensor.FromArray(model.Device, input.WithBatch(1), sample);
        return model.Predict(t)[0];
    }

    [Fact]
    public void HidingAnAllZeroImageChangesNothingAndHidingTheOtherDoes()
    {
        var (model, sample, panels) = Setup(TestDevices.Get("cpu"));
        using (model)
        {
            var s = OcclusionSaliency.Compute(model, sample, patch: 3); // 3 does not divide the panels' sizes: clipped tiles at the edges
            Assert.Equal(Predict(model, sample), s.Score, 6);
            var target = panels.Single(p => p.Name == "target");
            var tf = panels.Single(p => p.Name == "tf");
            Assert.All(s.Map.Skip(target.Offset).Take(target.Length), v => Assert.Equal(0f, v));
            var tfMap = s.Map.Skip(tf.Offset).Take(tf.Length).ToArray();
            Assert.True(tfMap.Count(v => v > 0) > tf.Length / 2, $"{tfMap.Count(v => v > 0)} of {tf.Length} TF pixels moved the score");
        }
    }

    [Fact]
    public void ATileAsLargeAsThePanelGivesThePanelsWholeEffect()
    {
        var (model, sample, panels) = Setup(TestDevices.Get("cpu"));
        using (model)
        {
            var tf = panels.Single(p => p.Name == "tf");
            var s = OcclusionSaliency.Compute(model, sample, patch: Math.Max(tf.Width, tf.Height));
            var hidden = (float[])sample.Clone();
            Array.Clear(hidden, tf.Offset, tf.Length);
            double expected = Math.Abs(Predict(model, sample) - Predict(model, hidden));
            Assert.True(expected > 1e-4, $"hiding the TF image moves p by {expected:E2} only");
            Assert.All(s.Map.Skip(tf.Offset).Take(tf.Length), v => Assert.Equal(expected, v, 5));
        }
    }
}
