namespace GrnGpu.Engine.Autograd;

/// <summary>
/// One parameter tensor as a layer declares it: a unique slash-separated name (e.g. "rna/stage1/conv1/kernel"), its
/// shape, its initial values, and whether the optimiser updates it (batch-norm moving statistics do not).
/// </summary>
public sealed record ParameterSpec(string Name, Shape Shape, float[] Initial, bool Trainable = true)
{
    public int Length => Shape.Size;
}
