namespace GrnGpu.Engine.Autograd;

/// <summary>
/// One recorded op: its inputs, its output, and how to turn the output's gradient into gradients for the
/// inputs (null where an input needs none). The backward function owns nothing; the tensors it returns
/// pass to the tape, which accumulates them.
/// </summary>
internal sealed class Node(string op, Variable[] inputs, Variable output, Func<Tensor, Tensor?[]> backward)
{
    public string Op { get; } = op;
    public Variable[] Inputs { get; } = inputs;
    public Variable Output { get; } = output;
    public Func<Tensor, Tensor?[]> Backward { get; } = backward;
}
