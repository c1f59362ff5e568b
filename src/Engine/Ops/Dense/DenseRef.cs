using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.Dense;

/// <summary>Gradients of a dense layer w.r.t. input (N, in), weight (out, in) and bias (out; null when the layer has none).</summary>
internal sealed record DenseGradients(double[] Input, double[] Weight, double[]? Bias);

/// <summary>Reference fully connected layer y = x W^T + b (see <see cref="DenseGeometry"/> for layouts).</summary>
internal static class DenseRef
{
    public static double[] Forward(DenseGeometry g, double[] input, double[] weight, double[]? bias)
    {
        ArgumentNullException.ThrowIfNull(g);
        RefCheck.Length(input, g.InputLength, nameof(input));
        RefCheck.Length(weight, g.WeightLength, nameof(weight));
        if (bias != null) RefCheck.Length(bias, g.OutFeatures, nameof(bias));
        var output = new double[g.OutputLength];
        for (int n = 0; n < g.Batch; n++)
        for (int o = 0; o < g.OutFeatures; o++)
        {
            double sum = bias?[o] ?? 0.0;
            for (int i = 0; i < g.InFeatures; i++) sum += input[n * g.InFeatures + i] * weight[o * g.InFeatures + i];
            output[n * g.OutFeatures + o] = sum;
        }
        return output;
    }

    /// <summary>dx = dy W; dW = dy^T x; db = sum over the batch of dy.</summary>
    public static DenseGradients Backward(DenseGeometry g, double[] input, double[] weight, double[] outputGrad, bool hasBias)
    {
        ArgumentNullException.ThrowIfNull(g);
        RefCheck.Length(input, g.InputLength, nameof(input));
        RefCheck.Length(weight, g.WeightLength, nameof(weight));
        RefCheck.Length(outputGrad, g.OutputLength, nameof(outputGrad));
        var dInput = new double[g.InputLength];
        var dWeight = new double[g.WeightLength];
        double[]? dBias = hasBias ? new double[g.OutFeatures] : null;
        for (int n = 0; n < g.Batch; n++)
        for (int o = 0; o < g.OutFeatures; o++)
        {
            double dy = outputGrad[n * g.OutFeatures + o];
            if (dBias != null) dBias[o] += dy;
            for (int i = 0; i < g.InFeatures; i++)
            {
                dInput[n * g.InFeatures + i] += dy * weight[o * g.InFeatures + i];
                dWeight[o * g.InFeatures + i] += dy * input[n * g.InFeatures + i];
            }
        }
        return new DenseGradients(dInput, dWeight, dBias);
    }
}
