using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;

namespace GrnGpu.Models.Layers;

/// <summary>A Keras Dense layer: kernel stored (out, in), Glorot uniform; optional zero bias.</summary>
public sealed class DenseLayer
{
    public string Name { get; }
    public int In { get; }
    public int Out { get; }
    public ParameterSpec Weight { get; }
    public ParameterSpec? Bias { get; }

    public DenseLayer(ParameterRegistry registry, string name, int inFeatures, int outFeatures, bool bias = true)
    {
        Name = name;
        In = inFeatures;
        Out = outFeatures;
        string weightName = name + "/kernel";
        Weight = registry.Add(weightName, new Shape(outFeatures, inFeatures),
            KerasInitializers.GlorotUniform(outFeatures * inFeatures, inFeatures, outFeatures, registry.RandomFor(weightName)));
        Bias = bias ? registry.Add(name + "/bias", new Shape(outFeatures), KerasInitializers.Constant(outFeatures, 0f)) : null;
    }

    public long ParameterCount => Weight.Length + (Bias?.Length ?? 0);
}
