using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Geometry;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.Conv2d;

/// <summary>
/// The autograd rule of conv2d (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class Conv2dAutograd
{
    /// <summary>2-D convolution; kernel size from w (OIHW); Keras "same" or "valid" padding.</summary>
    public static Variable Conv2d(Variable x, Variable w, Variable? b, int stride = 1, int dilation = 1, Padding padding = Padding.Same)
    {
        SameDevice("conv2d", x, w, b);
        if (x.Shape.Rank != 4 || w.Shape.Rank != 4 || w.Shape[1] != x.Shape.C)
            throw new ArgumentException($"conv2d: input {x.Shape} and weight {w.Shape} do not match (NCHW input, OIHW weight)");
        var g = new Conv2dGeometry(x.Shape.N, x.Shape.C, w.Shape[0], x.Shape.H, x.Shape.W, w.Shape[2], w.Shape[3],
            stride, stride, dilation, dilation, padding);
        var y = Tensor.Empty(x.Device, new Shape(g.Batch, g.OutChannels, g.OutH, g.OutW));
        Conv2dOp.Forward(g, x.Value, w.Value, b?.Value, y);
        Variable[] inputs = b == null ? [x, w] : [x, w, b];
        return Tape.Output(Conv2dOp.Name, y, inputs, dy =>
        {
            var dx = IfNeeded(x);
            if (dx != null) Conv2dOp.BackwardData(g, dy, w.Value, dx);
            Tensor? dw = null, db = null;
            if (w.RequiresGrad || b is { RequiresGrad: true })
            {
                dw = Like(w);
                db = b != null ? Like(b) : null;
                Conv2dOp.BackwardWeights(g, x.Value, dy, dw, db);
            }
            return b == null ? [dx, dw] : [dx, dw, db];
        });
    }
}
