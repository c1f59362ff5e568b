using GrnGpu.Engine.Autograd;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.Activation;

/// <summary>
/// The autograd rules of ReLU and sigmoid (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class ActivationAutograd
{
    public static Variable Relu(Variable x)
    {
        var y = Like(x);
        ReluOp.Forward(x.Value, y);
        return Tape.Output(ReluOp.Name, y, [x], dy =>
        {
            var dx = Like(x);
            ReluOp.Backward(x.Value, dy, dx);
            return [dx];
        });
    }

    public static Variable Sigmoid(Variable x)
    {
        var y = Like(x);
        SigmoidOp.Forward(x.Value, y);
        return Tape.Output(SigmoidOp.Name, y, [x], dy =>
        {
            var dx = Like(x);
            SigmoidOp.Backward(y, dy, dx);
            return [dx];
        });
    }
}
