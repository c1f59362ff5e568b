using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Geometry;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.MaxPool;

/// <summary>
/// The autograd rule of max pool (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class MaxPoolAutograd
{
    /// <summary>Max pooling (Keras semantics: padding never wins).</summary>
    public static Variable MaxPool(Variable x, int pool, int stride, Padding padding)
    {
        if (x.Shape.Rank != 4) throw new ArgumentException($"max pool: expected NCHW, got {x.Shape}");
        var g = Pool2dGeometry.Square(x.Shape.N, x.Shape.C, x.Shape.H, x.Shape.W, pool, stride, padding);
        var shape = new Shape(g.Batch, g.Channels, g.OutH, g.OutW);
        var y = Tensor.Empty(x.Device, shape);
        var taps = Tensor.Empty(x.Device, shape);
        MaxPoolOp.Forward(g, x.Value, y, taps);
        Tape.Saved(taps);
        return Tape.Output(MaxPoolOp.Name, y, [x], dy =>
        {
            var dx = Like(x);
            MaxPoolOp.Backward(g, taps, dy, dx);
            return [dx];
        });
    }
}
