using GrnGpu.Engine.Autograd;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.Concat;

/// <summary>
/// The autograd rule of concat (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class ConcatAutograd
{
    /// <summary>Concatenation along the channel axis of (N, C, H, W) or (N, C) tensors.</summary>
    public static Variable Concat(params Variable[] xs)
    {
        if (xs.Length == 0) throw new ArgumentException("concat: no inputs");
        SameDevice("concat", xs);
        var first = xs[0].Shape;
        foreach (var v in xs)
            if (v.Shape.Rank != first.Rank || v.Shape[0] != first[0] || (first.Rank == 4 && (v.Shape.H != first.H || v.Shape.W != first.W)))
                throw new ArgumentException($"concat: {v.Shape} does not match {first} outside the channel axis");
        int channels = xs.Sum(v => v.Shape[1]);
        var shape = first.Rank == 4 ? new Shape(first.N, channels, first.H, first.W) : new Shape(first.N, channels);
        var y = Tensor.Empty(xs[0].Device, shape);
        ConcatOp.Forward(xs.Select(v => v.Value).ToArray(), y);
        return Tape.Output(ConcatOp.Name, y, xs, dy =>
        {
            var grads = xs.Select(Like).ToArray();
            ConcatOp.Backward(dy, grads);
            var result = new Tensor?[xs.Length];
            for (int i = 0; i < xs.Length; i++)
            {
                if (xs[i].RequiresGrad) result[i] = grads[i];
                else grads[i].Dispose();
            }
            return result;
        });
    }
}
