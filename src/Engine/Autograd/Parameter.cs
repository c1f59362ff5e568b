using GrnGpu.Engine.Ops.Axpy;

namespace GrnGpu.Engine.Autograd;

/// <summary>
/// A learnable (or, for batch-norm running statistics, persistent) tensor of a model. Its value and
/// gradient are views into the flat buffers of a <see cref="ParameterStore"/>; backward adds into the
/// gradient, which <see cref="ParameterStore.ZeroGrads"/> clears before each step.
/// </summary>
public sealed class Parameter : Variable
{
    private readonly Tensor? _gradView;

    public bool Trainable { get; }

    internal Parameter(string name, Tensor value, Tensor? grad, bool trainable) : base(value, trainable)
    {
        Name = name;
        Trainable = trainable;
        _gradView = grad;
        Grad = grad;
    }

    internal override void Accumulate(Tensor grad)
    {
        AxpyOp.AddInto(_gradView ?? throw new InvalidOperationException($"{Name} is not trainable"), grad);
        grad.Dispose();
    }

    /// <summary>Parameters keep their gradient views for the optimiser.</summary>
    internal override void ReleaseGrad() { }

    /// <summary>Views are released by the store; nothing to do per parameter.</summary>
    public override void Dispose() => GC.SuppressFinalize(this);
}
