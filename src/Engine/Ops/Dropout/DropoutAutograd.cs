using GrnGpu.Engine.Autograd;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.Dropout;

/// <summary>
/// The autograd rule of dropout (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class DropoutAutograd
{
    /// <summary>Inverted dropout in a training tape (mask from <see cref="DropoutMask"/> and the seed); identity otherwise.</summary>
    public static Variable Dropout(Variable x, double rate, uint seed)
    {
        bool training = Tape.Current?.Training ?? false;
        var y = Like(x);
        DropoutOp.Forward(x.Value, y, rate, seed, training);
        return Tape.Output(DropoutOp.Name, y, [x], dy =>
        {
            var dx = Like(x);
            DropoutOp.Backward(dy, dx, rate, seed, training);
            return [dx];
        });
    }
}
