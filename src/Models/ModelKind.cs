using GrnGpu.Engine;

namespace GrnGpu.Models;

/// <summary>The three networks of the seed: RNA histogram CNN, SDINet (image pairs), and the fusion of both.</summary>
public enum ModelKind
{
    Rna,
    SdiNet,
    Fusion,
}

public static class ModelKinds
{
    public static readonly IReadOnlyList<ModelKind> All = [ModelKind.Rna, ModelKind.SdiNet, ModelKind.Fusion];

    /// <summary>
    /// One grey view as the seed's image networks take it, 128 x 320: SDINet stacks the TF and target views as two
    /// channels (2 x 128 x 320), the fusion net one above the other (1 x 256 x 320).
    /// </summary>
    public const int ImageHeight = 128, ImageWidth = 320;

    /// <summary>The name used on the command line and in checkpoint metadata.</summary>
    public static string Name(this ModelKind kind) => kind switch
    {
        ModelKind.Rna => "rna",
        ModelKind.SdiNet => "sdinet",
        ModelKind.Fusion => "fusion",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ModelKind Parse(string name)
    {
        string wanted = name.Trim().ToLowerInvariant();
        foreach (var kind in All)
            if (kind.Name() == wanted) return kind;
        throw new GrnException($"unknown model '{name}': expected one of {string.Join(", ", All.Select(k => k.Name()))}.");
    }
}
