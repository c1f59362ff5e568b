using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops.MaxPool;

/// <summary>
/// Reference 2-D max pooling (Keras MaxPooling2D): each output is the maximum of the real input positions under its
/// window; padded positions ("same") never take part, so they never win, even over negative inputs.
/// Ties go to the first position in row-major window order (smallest row, then smallest column), which is where
/// backward sends the gradient.
/// </summary>
internal static class MaxPoolRef
{
    public static double[] Forward(Pool2dGeometry g, double[] input)
    {
        int[] argmax = Argmax(g, input);
        var output = new double[argmax.Length];
        for (int i = 0; i < argmax.Length; i++) output[i] = input[argmax[i]];
        return output;
    }

    /// <summary>For each output element (NCHW order), the flat input index of its winning element.</summary>
    public static int[] Argmax(Pool2dGeometry g, double[] input)
    {
        ArgumentNullException.ThrowIfNull(g);
        NchwShape xs = g.InputShape, ys = g.OutputShape;
        RefCheck.Length(input, xs.Length, nameof(input));
        var argmax = new int[ys.Length];
        for (int n = 0; n < g.Batch; n++)
        for (int c = 0; c < g.Channels; c++)
        for (int y = 0; y < g.OutH; y++)
        for (int x = 0; x < g.OutW; x++)
        {
            int best = -1;
            for (int i = 0; i < g.PoolH; i++)
            {
                int iy = g.Rows.InputIndex(y, i);
                if (iy < 0 || iy >= g.InH) continue;
                for (int j = 0; j < g.PoolW; j++)
                {
                    int ix = g.Cols.InputIndex(x, j);
                    if (ix < 0 || ix >= g.InW) continue;
                    int k = xs.Index(n, c, iy, ix);
                    if (best < 0 || input[k] > input[best]) best = k;   // strict '>' keeps the first of equals
                }
            }
            // Same padding never exceeds kernel - 1 in total, so every window holds at least one real position.
            if (best < 0) throw new InvalidOperationException("max pool: a window lies entirely in the padding.");
            argmax[ys.Index(n, c, y, x)] = best;
        }
        return argmax;
    }

    /// <summary>Each output's gradient is added to its winning input (windows may overlap, so contributions add).</summary>
    public static double[] Backward(Pool2dGeometry g, double[] input, double[] outputGrad)
    {
        int[] argmax = Argmax(g, input);
        RefCheck.Length(outputGrad, argmax.Length, nameof(outputGrad));
        var dInput = new double[input.Length];
        for (int i = 0; i < argmax.Length; i++) dInput[argmax[i]] += outputGrad[i];
        return dInput;
    }
}
