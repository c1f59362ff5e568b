using GrnGpu.Engine.Autograd;
using GrnGpu.Models.Layers;

namespace GrnGpu.Models.Networks;

/// <summary>
/// One of the seed's networks: its inputs, its parameter declarations (with seeded Keras initial values) and its
/// topology, written once against <see cref="IGraph{T}"/> and run on shapes (summary) or on variables (training,
/// inference). The output is the probability of a regulatory edge, (N, 1).
/// </summary>
public abstract class Network
{
    protected ParameterRegistry Registry { get; }

    protected Network(ModelKind kind, NetworkDimensions dimensions, int seed, IReadOnlyList<ModelInput> inputs)
    {
        Kind = kind;
        Dimensions = dimensions;
        Inputs = inputs;
        Registry = new ParameterRegistry(seed);
    }

    public ModelKind Kind { get; }
    public NetworkDimensions Dimensions { get; }
    public int Seed => Registry.Seed;
    public IReadOnlyList<ModelInput> Inputs { get; }
    public IReadOnlyList<ParameterSpec> Parameters => Registry.Declarations;

    public long TrainableCount => Parameters.Where(p => p.Trainable).Sum(p => (long)p.Length);
    public long NonTrainableCount => Parameters.Where(p => !p.Trainable).Sum(p => (long)p.Length);

    /// <summary>The topology: inputs in the order of <see cref="Inputs"/>, returns the (N, 1) probability.</summary>
    public abstract T Apply<T>(IGraph<T> g, IReadOnlyList<T> inputs);

    /// <summary>The Keras-like layer table, computed from shapes alone.</summary>
    public ModelSummary Summarize()
    {
        var g = new ShapeGraph();
        var inputs = Inputs.Select(i => g.Input(i.Name, i.Channels, i.Height, i.Width)).ToList();
        Apply(g, inputs);
        return new ModelSummary(Kind, g.Rows, TrainableCount, NonTrainableCount);
    }

    protected static void RequireInputs<T>(IReadOnlyList<T> inputs, int count, ModelKind kind)
    {
        if (inputs.Count != count) throw new ArgumentException($"{kind.Name()} takes {count} input(s), got {inputs.Count}");
    }
}
