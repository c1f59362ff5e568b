using GrnGpu.Engine;

namespace GrnGpu.Models.Layers;

/// <summary>
/// One parameter tensor of a network as the network declares it: a unique slash-separated name
/// (e.g. "rna/stage1/conv1/kernel"), its shape, its seeded Keras initial values, and whether the optimiser
/// updates it (batch-norm moving statistics do not).
/// </summary>
public sealed record ParameterDeclaration(string Name, Shape Shape, float[] Initial, bool Trainable)
{
    public int Length => Shape.Size;
}
