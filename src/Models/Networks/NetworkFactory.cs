namespace GrnGpu.Models.Networks;

/// <summary>Builds a network by kind.</summary>
public static class NetworkFactory
{
    public static Network Create(ModelKind kind, NetworkDimensions? dimensions = null, int seed = 0) => kind switch
    {
        ModelKind.Rna => new RnaNet(dimensions, seed),
        ModelKind.SdiNet => new SdiNet(dimensions, seed),
        ModelKind.Fusion => new FusionNet(dimensions, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
