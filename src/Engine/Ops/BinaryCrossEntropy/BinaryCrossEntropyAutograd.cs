using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Ops.Shared;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.BinaryCrossEntropy;

/// <summary>
/// The autograd rule of binary cross entropy (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class BinaryCrossEntropyAutograd
{
    /// <summary>
    /// Binary cross-entropy of probabilities against 0/1 labels, clipped as Keras does (epsilon 1e-7), mean
    /// over the batch; a scalar (shape (1)).
    /// </summary>
    public static Variable BinaryCrossEntropy(Variable p, Tensor labels, double labelSmoothing = 0)
    {
        OpChecks.SameDevice("binary cross-entropy", p.Value, labels);
        if (labels.Length != p.Value.Length) throw new ArgumentException($"binary cross-entropy: {labels.Length} labels for {p.Shape} probabilities");
        var loss = Tensor.Empty(p.Device, new Shape(1));
        BinaryCrossEntropyOp.Forward(p.Value, labels, loss, labelSmoothing);
        return Tape.Output(BinaryCrossEntropyOp.Name, loss, [p], dLoss =>
        {
            // d(mean loss)/dp times the upstream gradient (1 at the tape's root), scaled on the device: no host read.
            var dp = Like(p);
            BinaryCrossEntropyOp.Backward(p.Value, labels, dp, labelSmoothing, dLoss);
            return [dp];
        });
    }
}
