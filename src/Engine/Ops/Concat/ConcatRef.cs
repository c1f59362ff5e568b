using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.Concat;

/// <summary>Reference channel concatenation of k NCHW tensors and its backward (the split of the output gradient).</summary>
internal static class ConcatRef
{
    public static double[] Forward(ConcatGeometry g, IReadOnlyList<double[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != g.Count) throw new ArgumentException($"concat: geometry has {g.Count} inputs, got {inputs.Count} arrays.");
        NchwShape ys = g.OutputShape;
        var output = new double[ys.Length];
        for (int k = 0; k < g.Count; k++)
        {
            NchwShape xs = g.InputShape(k);
            RefCheck.Length(inputs[k], xs.Length, $"inputs[{k}]");
            for (int n = 0; n < xs.N; n++)
            for (int c = 0; c < xs.C; c++)
            for (int y = 0; y < xs.H; y++)
            for (int x = 0; x < xs.W; x++)
                output[ys.Index(n, g.ChannelOffset(k) + c, y, x)] = inputs[k][xs.Index(n, c, y, x)];
        }
        return output;
    }

    /// <summary>Gradient for each input: its channel slice of the output gradient.</summary>
    public static double[][] Backward(ConcatGeometry g, double[] outputGrad)
    {
        ArgumentNullException.ThrowIfNull(g);
        NchwShape ys = g.OutputShape;
        RefCheck.Length(outputGrad, ys.Length, nameof(outputGrad));
        var grads = new double[g.Count][];
        for (int k = 0; k < g.Count; k++)
        {
            NchwShape xs = g.InputShape(k);
            grads[k] = new double[xs.Length];
            for (int n = 0; n < xs.N; n++)
            for (int c = 0; c < xs.C; c++)
            for (int y = 0; y < xs.H; y++)
            for (int x = 0; x < xs.W; x++)
                grads[k][xs.Index(n, c, y, x)] = outputGrad[ys.Index(n, g.ChannelOffset(k) + c, y, x)];
        }
        return grads;
    }
}
