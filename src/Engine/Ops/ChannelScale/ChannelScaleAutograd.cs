using GrnGpu.Engine.Autograd;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.ChannelScale;

/// <summary>
/// The autograd rule of channel scale (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class ChannelScaleAutograd
{
    /// <summary>Squeeze-excitation's channel-wise multiply: x (N, C, H, W) times s (N, C).</summary>
    public static Variable ChannelScale(Variable x, Variable s)
    {
        SameDevice("channel scale", x, s);
        if (x.Shape.Rank != 4 || s.Shape.Rank != 2 || s.Shape[0] != x.Shape.N || s.Shape[1] != x.Shape.C)
            throw new ArgumentException($"channel scale: {x.Shape} and {s.Shape} do not match ((N, C, H, W) and (N, C))");
        var y = Like(x);
        ChannelScaleOp.Forward(x.Value, s.Value, y);
        return Tape.Output(ChannelScaleOp.Name, y, [x, s], dy =>
        {
            var dx = Like(x);
            var ds = Like(s);
            ChannelScaleOp.Backward(x.Value, s.Value, dy, dx, ds);
            return [dx, ds];
        });
    }
}
