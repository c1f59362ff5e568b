using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.Conv2d;

/// <summary>Gradients of a convolution: w.r.t. input (NCHW), weight (OIHW) and bias (null when the layer has none).</summary>
internal sealed record Conv2dGradients(double[] Input, double[] Weight, double[]? Bias);

/// <summary>
/// Reference 2-D convolution (see <see cref="Conv2dGeometry"/> for the formula and layouts), forward and backward,
/// written as the direct sum so that it can be trusted by reading it.
/// </summary>
internal static class Conv2dRef
{
    public static double[] Forward(Conv2dGeometry g, double[] input, double[] weight, double[]? bias)
    {
        ArgumentNullException.ThrowIfNull(g);
        RefCheck.Length(input, g.InputLength, nameof(input));
        RefCheck.Length(weight, g.WeightLength, nameof(weight));
        if (bias != null) RefCheck.Length(bias, g.BiasLength, nameof(bias));

        NchwShape xs = g.InputShape, ys = g.OutputShape, ws = g.WeightShape;
        var output = new double[g.OutputLength];
        for (int n = 0; n < g.Batch; n++)
        for (int o = 0; o < g.OutChannels; o++)
        for (int y = 0; y < g.OutH; y++)
        for (int x = 0; x < g.OutW; x++)
        {
            double sum = bias?[o] ?? 0.0;
            for (int c = 0; c < g.InChannels; c++)
            for (int i = 0; i < g.KernelH; i++)
            {
                int iy = g.Rows.InputIndex(y, i);
                if (iy < 0 || iy >= g.InH) continue;   // zero padding
                for (int j = 0; j < g.KernelW; j++)
                {
                    int ix = g.Cols.InputIndex(x, j);
                    if (ix < 0 || ix >= g.InW) continue;
                    sum += input[xs.Index(n, c, iy, ix)] * weight[ws.Index(o, c, i, j)];
                }
            }
            output[ys.Index(n, o, y, x)] = sum;
        }
        return output;
    }

    /// <summary>
    /// Gradients given dL/d(output). Walks the same index map as <see cref="Forward"/> and scatters:
    /// every product input*weight that contributed to an output passes that output's gradient to both factors.
    /// </summary>
    public static Conv2dGradients Backward(Conv2dGeometry g, double[] input, double[] weight, double[] outputGrad, bool hasBias)
    {
        ArgumentNullException.ThrowIfNull(g);
        RefCheck.Length(input, g.InputLength, nameof(input));
        RefCheck.Length(weight, g.WeightLength, nameof(weight));
        RefCheck.Length(outputGrad, g.OutputLength, nameof(outputGrad));

        NchwShape xs = g.InputShape, ys = g.OutputShape, ws = g.WeightShape;
        var dInput = new double[g.InputLength];
        var dWeight = new double[g.WeightLength];
        double[]? dBias = hasBias ? new double[g.BiasLength] : null;
        for (int n = 0; n < g.Batch; n++)
        for (int o = 0; o < g.OutChannels; o++)
        for (int y = 0; y < g.OutH; y++)
        for (int x = 0; x < g.OutW; x++)
        {
            double dy = outputGrad[ys.Index(n, o, y, x)];
            if (dBias != null) dBias[o] += dy;
            for (int c = 0; c < g.InChannels; c++)
            for (int i = 0; i < g.KernelH; i++)
            {
                int iy = g.Rows.InputIndex(y, i);
                if (iy < 0 || iy >= g.InH) continue;
                for (int j = 0; j < g.KernelW; j++)
                {
                    int ix = g.Cols.InputIndex(x, j);
                    if (ix < 0 || ix >= g.InW) continue;
                    int xi = xs.Index(n, c, iy, ix), wi = ws.Index(o, c, i, j);
                    dInput[xi] += dy * weight[wi];
                    dWeight[wi] += dy * input[xi];
                }
            }
        }
        return new Conv2dGradients(dInput, dWeight, dBias);
    }
}
