using GrnGpu.Engine.Autograd;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.Broadcast;

/// <summary>
/// The autograd rule of broadcast (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class BroadcastAutograd
{
    /// <summary>Spatial broadcast of (N, C) to (N, C, H, W) (ASPP's image-pool branch).</summary>
    public static Variable Broadcast(Variable s, int h, int w)
    {
        if (s.Shape.Rank != 2) throw new ArgumentException($"broadcast: expected (N, C), got {s.Shape}");
        var y = Tensor.Empty(s.Device, new Shape(s.Shape[0], s.Shape[1], h, w));
        BroadcastOp.Forward(s.Value, y);
        return Tape.Output(BroadcastOp.Name, y, [s], dy =>
        {
            var ds = Like(s);
            BroadcastOp.Backward(dy, ds);
            return [ds];
        });
    }
}
