using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.GlobalAvgPool;

/// <summary>Reference global average pooling (N, C, H, W) -> (N, C) and its backward (dy / (H*W) spread over the plane).</summary>
internal static class GlobalAvgPoolRef
{
    public static double[] Forward(NchwShape shape, double[] input)
    {
        RefCheck.Length(input, shape.Length, nameof(input));
        var output = new double[shape.N * shape.C];
        for (int n = 0; n < shape.N; n++)
        for (int c = 0; c < shape.C; c++)
        {
            double sum = 0;
            for (int y = 0; y < shape.H; y++)
            for (int x = 0; x < shape.W; x++)
                sum += input[shape.Index(n, c, y, x)];
            output[n * shape.C + c] = sum / shape.PlaneSize;
        }
        return output;
    }

    public static double[] Backward(NchwShape shape, double[] outputGrad)
    {
        RefCheck.Length(outputGrad, shape.N * shape.C, nameof(outputGrad));
        var dInput = new double[shape.Length];
        for (int n = 0; n < shape.N; n++)
        for (int c = 0; c < shape.C; c++)
        for (int y = 0; y < shape.H; y++)
        for (int x = 0; x < shape.W; x++)
            dInput[shape.Index(n, c, y, x)] = outputGrad[n * shape.C + c] / shape.PlaneSize;
        return dInput;
    }
}
