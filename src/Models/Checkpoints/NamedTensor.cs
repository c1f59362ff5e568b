namespace GrnGpu.Models.Checkpoints;

/// <summary>A named float32 tensor on the host, as stored in a safetensors file.</summary>
public sealed record NamedTensor(string Name, IReadOnlyList<int> Shape, float[] Data)
{
    public static long Elements(IReadOnlyList<int> shape) => shape.Aggregate(1L, (a, b) => a * b);

    public static string ShapeText(IReadOnlyList<int> shape) => "(" + string.Join(", ", shape) + ")";
}
