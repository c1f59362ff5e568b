using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;

namespace GrnGpu.Models.Layers;

/// <summary>
/// Collects a network's parameter declarations while its layers are constructed, in construction order.
/// Each parameter's random initial values come from its own generator seeded by (network seed, parameter name),
/// so a parameter's values do not change when a layer is added elsewhere in the network.
/// </summary>
public sealed class ParameterRegistry(int seed)
{
    private readonly List<ParameterSpec> _declarations = [];
    private readonly HashSet<string> _names = [];

    public int Seed { get; } = seed;
    public IReadOnlyList<ParameterSpec> Declarations => _declarations;

    public ParameterSpec Add(string name, Shape shape, float[] initial, bool trainable = true)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"parameter '{name}' is declared twice");
        if (initial.Length != shape.Size) throw new ArgumentException($"parameter '{name}': {initial.Length} initial values for shape {shape}");
        var declaration = new ParameterSpec(name, shape, initial, trainable);
        _declarations.Add(declaration);
        return declaration;
    }

    /// <summary>The generator for one parameter's initial values.</summary>
    public Random RandomFor(string name) => new(StableHash.Combine(Seed, name));
}
