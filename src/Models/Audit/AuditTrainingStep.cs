using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Optim;
using GrnGpu.Models.Networks;
using GrnGpu.Engine.Ops;

namespace GrnGpu.Models.Audit;

/// <summary>
/// The full training step the launch audit runs: zero the gradients, forward under <see cref="Tape.Train"/>,
/// binary cross-entropy, backward, one Adam update, and the loss read back once (the progress bar's value).
/// One place on purpose: when the trainer (issue 9) lands, its step replaces this body.
/// </summary>
public static class AuditTrainingStep
{
    public static float Run(Model model, Adam adam, IReadOnlyList<Tensor> inputs, Tensor labels, uint step)
    {
        model.Parameters.ZeroGrads();
        float loss;
        using (var tape = Tape.Train())
        {
            var l = F.BinaryCrossEntropy(model.Forward(inputs.Select(t => new Variable(t)).ToList(), step), labels);
            tape.Backward(l);
            adam.Update(0);
            loss = l.Value.ToArray()[0];
        }
        return loss;
    }
}
