using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.MaxPool;

/// <summary>
/// 2-D max pooling with any window, stride and Keras padding, e.g. 2x2 stride 2 valid or 3x3 stride 2 same.
/// The forward pass writes, besides the output, the winner of each window as its TAP, i * PoolW + j (row i, column j
/// of the window, padding included in the numbering), stored as a float in a tensor of the output's shape: taps are
/// small integers, exact in float whatever the tensor's size. The backward pass reads only the taps and the output
/// gradient, gathering per input element (no atomics), so overlapping windows add without races.
/// </summary>
internal static class MaxPoolOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "max_pool";

    /// <summary>y = max over each window of x; taps = the window position of each maximum (first of equals).</summary>
    public static void Forward(Pool2dGeometry g, Tensor x, Tensor y, Tensor taps)
    {
        Check("max pool", g, x, y, taps);
        if (x.Device.Kernels is { } k)
        {
            k.MaxPool(g, x.Buffer, y.Buffer, taps.Buffer);
            return;
        }
        double[] input = RefBridge.Load(x);
        int[] argmax = MaxPoolRef.Argmax(g, input);
        RefBridge.Store(y, Array.ConvertAll(argmax, i => input[i]));
        RefBridge.Store(taps, Enumerable.Range(0, argmax.Length).Select(o => (double)TapOf(g, o, argmax[o])).ToArray());
    }

    /// <summary>dx[e] = sum of dy[o] over the outputs o whose recorded winner is input element e.</summary>
    public static void Backward(Pool2dGeometry g, Tensor taps, Tensor dy, Tensor dx)
    {
        Check("max pool backward", g, dx, dy, taps);
        if (dy.Device.Kernels is { } k)
        {
            k.MaxPoolBackward(g, taps.Buffer, dy.Buffer, dx.Buffer);
            return;
        }
        double[] tap = RefBridge.Load(taps), grad = RefBridge.Load(dy);
        var dInput = new double[g.InputShape.Length];
        for (int o = 0; o < grad.Length; o++) dInput[InputOf(g, o, (int)tap[o])] += grad[o];
        RefBridge.Store(dx, dInput);
    }

    /// <summary>The tap (i * PoolW + j) of output <paramref name="o"/>'s window that holds flat input index <paramref name="input"/>.</summary>
    public static int TapOf(Pool2dGeometry g, int o, int input)
    {
        int ox = o % g.OutW, oy = o / g.OutW % g.OutH;
        int ix = input % g.InW, iy = input / g.InW % g.InH;
        return (iy - g.Rows.InputIndex(oy, 0)) * g.PoolW + (ix - g.Cols.InputIndex(ox, 0));
    }

    /// <summary>The flat input index at tap <paramref name="tap"/> of output <paramref name="o"/>'s window.</summary>
    public static int InputOf(Pool2dGeometry g, int o, int tap)
    {
        int ox = o % g.OutW, oy = o / g.OutW % g.OutH, plane = o / (g.OutW * g.OutH);
        int iy = g.Rows.InputIndex(oy, tap / g.PoolW), ix = g.Cols.InputIndex(ox, tap % g.PoolW);
        if (tap < 0 || tap >= g.PoolH * g.PoolW || iy < 0 || iy >= g.InH || ix < 0 || ix >= g.InW)
            throw new ArgumentException($"max pool: tap {tap} of output {o} is not a position of the input");
        return (plane * g.InH + iy) * g.InW + ix;
    }

    private static void Check(string op, Pool2dGeometry g, Tensor input, Tensor output, Tensor taps)
    {
        ArgumentNullException.ThrowIfNull(g);
        OpChecks.SameDevice(op, input, output, taps);
        OpChecks.Length(op, input, g.InputShape.Length, "input-shaped tensor");
        OpChecks.Length(op, output, g.OutputShape.Length, "output-shaped tensor");
        OpChecks.Length(op, taps, g.OutputShape.Length, "taps");
    }
}
