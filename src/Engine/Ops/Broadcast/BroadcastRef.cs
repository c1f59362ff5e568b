using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.Broadcast;

/// <summary>
/// Reference spatial broadcast: a (N, C) or (N, C, 1, 1) tensor (same memory layout) repeated over H x W to
/// <c>target</c> (N, C, H, W). Backward sums the gradient over H, W.
/// </summary>
internal static class BroadcastRef
{
    public static double[] Forward(NchwShape target, double[] input)
    {
        RefCheck.Length(input, target.N * target.C, nameof(input));
        var output = new double[target.Length];
        for (int n = 0; n < target.N; n++)
        for (int c = 0; c < target.C; c++)
        for (int y = 0; y < target.H; y++)
        for (int x = 0; x < target.W; x++)
            output[target.Index(n, c, y, x)] = input[n * target.C + c];
        return output;
    }

    public static double[] Backward(NchwShape target, double[] outputGrad)
    {
        RefCheck.Length(outputGrad, target.Length, nameof(outputGrad));
        var dInput = new double[target.N * target.C];
        for (int n = 0; n < target.N; n++)
        for (int c = 0; c < target.C; c++)
        for (int y = 0; y < target.H; y++)
        for (int x = 0; x < target.W; x++)
            dInput[n * target.C + c] += outputGrad[target.Index(n, c, y, x)];
        return dInput;
    }
}
