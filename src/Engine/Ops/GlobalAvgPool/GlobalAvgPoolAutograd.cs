using GrnGpu.Engine.Autograd;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.GlobalAvgPool;

/// <summary>
/// The autograd rule of global avg pool (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class GlobalAvgPoolAutograd
{
    /// <summary>Global average pooling (N, C, H, W) -> (N, C).</summary>
    public static Variable GlobalAvgPool(Variable x)
    {
        if (x.Shape.Rank != 4) throw new ArgumentException($"global average pool: expected NCHW, got {x.Shape}");
        var y = Tensor.Empty(x.Device, new Shape(x.Shape.N, x.Shape.C));
        GlobalAvgPoolOp.Forward(x.Value, y);
        return Tape.Output(GlobalAvgPoolOp.Name, y, [x], dy =>
        {
            var dx = Like(x);
            GlobalAvgPoolOp.Backward(dy, dx);
            return [dx];
        });
    }
}
