using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Geometry;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.Dense;

/// <summary>
/// The autograd rule of dense (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class DenseAutograd
{
    /// <summary>Dense layer: x (N, in), w (out, in), y = x w^T + b.</summary>
    public static Variable Dense(Variable x, Variable w, Variable? b)
    {
        SameDevice("dense", x, w, b);
        if (x.Shape.Rank != 2 || w.Shape.Rank != 2 || w.Shape[1] != x.Shape[1])
            throw new ArgumentException($"dense: input {x.Shape} and weight {w.Shape} do not match ((N, in) and (out, in))");
        var g = new DenseGeometry(x.Shape[0], x.Shape[1], w.Shape[0]);
        var y = Tensor.Empty(x.Device, new Shape(g.Batch, g.OutFeatures));
        DenseOp.Forward(g, x.Value, w.Value, b?.Value, y);
        Variable[] inputs = b == null ? [x, w] : [x, w, b];
        return Tape.Output(DenseOp.Name, y, inputs, dy =>
        {
            // The launcher computes dx and dw together; the tape drops whichever an input does not need.
            var dx = Like(x);
            var dw = Like(w);
            var db = b != null ? Like(b) : null;
            DenseOp.Backward(g, x.Value, w.Value, dy, dx, dw, db);
            return b == null ? [dx, dw] : [dx, dw, db];
        });
    }
}
