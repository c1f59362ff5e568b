using GrnGpu.Engine.Ops.Axpy;

namespace GrnGpu.Engine.Autograd;

/// <summary>
/// A tensor in a computation, with its gradient once <see cref="Tape.Backward"/> has run. Op outputs made
/// while a <see cref="Tape"/> is open belong to that tape and are disposed with it; a variable made outside
/// any tape belongs to its creator.
/// </summary>
public class Variable : IDisposable
{
    public Tensor Value { get; }
    /// <summary>The gradient of the loss with respect to this value; null until backward reaches it.</summary>
    public Tensor? Grad { get; internal set; }
    public bool RequiresGrad { get; }
    public string? Name { get; init; }

    /// <summary>The op that made this variable while a recording tape was open; null for leaves.</summary>
    internal Node? Creator { get; set; }

    public Variable(Tensor value, bool requiresGrad = false)
    {
        Value = value;
        RequiresGrad = requiresGrad;
    }

    public Shape Shape => Value.Shape;
    public GrnGpu.Engine.Devices.ComputeDevice Device => Value.Device;

    /// <summary>Receives a gradient: takes ownership of <paramref name="grad"/>, adding it to one already held.</summary>
    internal virtual void Accumulate(Tensor grad)
    {
        if (Grad == null)
        {
            Grad = grad;
            return;
        }
        AxpyOp.AddInto(Grad, grad);
        grad.Dispose();
    }

    /// <summary>Drops the gradient (the tape does this for intermediates once their producer has used it).</summary>
    internal virtual void ReleaseGrad()
    {
        Grad?.Dispose();
        Grad = null;
    }

    public virtual void Dispose()
    {
        ReleaseGrad();
        Value.Dispose();
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{Name ?? "variable"}{Shape}";
}
