using GrnGpu.Engine;
using GrnGpu.Models;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Models;

/// <summary>
/// Backward through whole networks against central differences of the training-mode loss, on the reference
/// device, for parameters of every kind (conv kernels: plain, strided, dilated, 1x1 shortcut; BN gamma and beta;
/// dense kernels and biases). For each chosen tensor the element with the largest analytic gradient is perturbed:
/// the check is about whether backward is right, and the largest entry is the one a wrong backward would get
/// visibly wrong while being well above the difference quotient's noise.
/// </summary>
public class FiniteDifferenceTests
{
    // The reference device keeps float32 between ops, so the loss itself is a float32 (about 0.7, one ulp = 6e-8) and
    // a difference quotient carries rounding noise of about 2 ulp / (2h): 3e-3 at h = 2e-5, 6e-5 at h = 1e-3. Large
    // steps have the opposite problem: a perturbation of a stage-1 kernel moves thousands of pre-activations, and a
    // step of 1e-3 already pushes some across ReLU and max-pool kinks (measured: 10% off for the RNA stem kernel at
    // h = 1e-3, 0.2% at h = 2e-5, while the SE dense kernel is 0.04% off at 1e-3 and 13% at 1e-5). No single step
    // suits every layer, so the quotient is taken at each of these steps, skipping those whose rounding noise exceeds
    // 2% of the gradient, and backward must agree with at least one within 1% plus that noise (so within 3% at worst).
    // Checked against mutations of the backward gradient: scaled by 1.05 or 1.1 every case fails, by 0.9 all but two
    // (stage-1 kernels, whose larger-step quotients are pulled low by kinks).
    private static readonly double[] Steps = [1e-3, 1e-4, 5e-5, 2e-5];
    private const double RelativeTolerance = 1e-2;
    private const double NoiseUlps = 2;
    private const double MaxNoiseShare = 2e-2;

    public static TheoryData<ModelKind, string> Cases() => new()
    {
        { ModelKind.Rna, "rna/stage1/conv1/conv/kernel" },          // 1 input channel, many kinks downstream
        { ModelKind.Rna, "rna/stage1/conv2/conv/kernel" },
        { ModelKind.Rna, "rna/stage1/conv1/bn/gamma" },
        { ModelKind.Rna, "rna/stage1/conv2/bn/gamma" },             // feeds max pool and dropout
        { ModelKind.Rna, "rna/stage2/conv1/conv/kernel" },
        { ModelKind.Rna, "rna/stage3/conv2/bn/gamma" },
        { ModelKind.Rna, "rna/aspp/3x3_rate3/conv/kernel" },        // dilated
        { ModelKind.Rna, "rna/aspp/project/bn/beta" },
        { ModelKind.Rna, "rna/se/dense/kernel" },                   // dense without bias, through sigmoid and channel scale
        { ModelKind.Rna, "output/kernel" },
        { ModelKind.Rna, "output/bias" },
        { ModelKind.SdiNet, "image/stage1/conv/kernel" },           // 7x7 stride 2
        { ModelKind.SdiNet, "image/stage2/block1/a/bn/gamma" },
        { ModelKind.SdiNet, "image/stage3/block1/shortcut/conv/kernel" },   // 3x3 stride-2 shortcut
        { ModelKind.SdiNet, "image/stage4/block2/b/bn/beta" },
        { ModelKind.SdiNet, "image/branch1/block/shortcut/conv/kernel" },   // 1x1 shortcut
        { ModelKind.SdiNet, "output/kernel" },
        { ModelKind.Fusion, "rna/stage1/conv1/conv/kernel" },
        { ModelKind.Fusion, "rna/stage2/conv1/conv/kernel" },       // also read by joint1
        { ModelKind.Fusion, "image/aspp/3x3_rate2/conv/kernel" },
        { ModelKind.Fusion, "image/se/dense/kernel" },
        { ModelKind.Fusion, "joint1/kernel" },
        { ModelKind.Fusion, "joint2/bias" },
        { ModelKind.Fusion, "head/kernel" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardAgreesWithCentralDifferences(ModelKind kind, string parameter)
    {
        var device = TestDevices.Get("cpu-ref");
        var network = SmallModelRun.Network(kind);
        var analytic = SmallModelRun.On(device, kind).Gradients[parameter];
        int element = Enumerable.Range(0, analytic.Length).MaxBy(i => Math.Abs(analytic[i]));
        Assert.True(Math.Abs(analytic[element]) > 1e-3, $"{parameter}: the largest gradient {analytic[element]:G3} is too small to check");

        using var model = new Model(network, device);
        var inputs = SmallModelRun.Inputs(network, device);
        using var labels = Tensor.FromArray(device, new Shape(SmallModelRun.Batch, 1), SmallModelRun.Labels);
        try
        {
            var value = model.Parameters[parameter].Value;
            var original = value.ToArray();
            double LossWith(float perturbedValue)
            {
                var perturbed = (float[])original.Clone();
                perturbed[element] = perturbedValue;
                value.CopyFrom(perturbed);
                return SmallModelRun.TrainingLoss(model, inputs, labels);
            }
            double g = analytic[element];
            float loss = (float)LossWith(original[element]);
            double ulp = MathF.BitIncrement(loss) - loss;
            var tried = new List<string>();
            foreach (double step in Steps)
            {
                // The actual perturbation is what float32 can hold, not the nominal step.
                float up = (float)(original[element] + step), down = (float)(original[element] - step);
                double numeric = (LossWith(up) - LossWith(down)) / ((double)up - down);
                double noise = NoiseUlps * ulp / ((double)up - down);
                if (noise > MaxNoiseShare * Math.Abs(g)) continue;   // too small a step to tell this gradient from noise
                if (Math.Abs(numeric - g) <= RelativeTolerance * Math.Abs(g) + noise) return;
                tried.Add($"h={step:G2}: {numeric:G6}");
            }
            Assert.Fail(tried.Count == 0
                ? $"{parameter}[{element}]: backward {g:G6} is too small for every step to tell from rounding noise"
                : $"{parameter}[{element}]: backward {g:G6}, central differences {string.Join(", ", tried)}");
        }
        finally
        {
            foreach (var t in inputs) t.Dispose();
        }
    }
}
