using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.ChannelScale;

/// <summary>
/// Reference channel-wise multiply used by squeeze-excitation: out[n,c,y,x] = input[n,c,y,x] * scale[n,c],
/// input (N, C, H, W), scale (N, C).
/// </summary>
internal static class ChannelScaleRef
{
    public static double[] Forward(NchwShape shape, double[] input, double[] scale)
    {
        RefCheck.Length(input, shape.Length, nameof(input));
        RefCheck.Length(scale, shape.N * shape.C, nameof(scale));
        var output = new double[shape.Length];
        for (int n = 0; n < shape.N; n++)
        for (int c = 0; c < shape.C; c++)
        for (int y = 0; y < shape.H; y++)
        for (int x = 0; x < shape.W; x++)
        {
            int i = shape.Index(n, c, y, x);
            output[i] = input[i] * scale[n * shape.C + c];
        }
        return output;
    }

    /// <summary>dInput = dy * scale[n,c]; dScale[n,c] = sum over y, x of dy * input.</summary>
    public static (double[] Input, double[] Scale) Backward(NchwShape shape, double[] input, double[] scale, double[] outputGrad)
    {
        RefCheck.Length(input, shape.Length, nameof(input));
        RefCheck.Length(scale, shape.N * shape.C, nameof(scale));
        RefCheck.Length(outputGrad, shape.Length, nameof(outputGrad));
        var dInput = new double[shape.Length];
        var dScale = new double[shape.N * shape.C];
        for (int n = 0; n < shape.N; n++)
        for (int c = 0; c < shape.C; c++)
        for (int y = 0; y < shape.H; y++)
        for (int x = 0; x < shape.W; x++)
        {
            int i = shape.Index(n, c, y, x);
            dInput[i] = outputGrad[i] * scale[n * shape.C + c];
            dScale[n * shape.C + c] += outputGrad[i] * input[i];
        }
        return (dInput, dScale);
    }
}
