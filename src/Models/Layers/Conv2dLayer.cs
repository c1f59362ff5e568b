using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;

namespace GrnGpu.Models.Layers;

/// <summary>
/// A Keras Conv2D with 'same' padding: OIHW kernel (Glorot uniform) and a zero bias (Keras use_bias=True default).
/// </summary>
public sealed class Conv2dLayer
{
    public string Name { get; }
    public int InChannels { get; }
    public int OutChannels { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Dilation { get; }
    public ParameterSpec Weight { get; }
    public ParameterSpec Bias { get; }

    public Conv2dLayer(ParameterRegistry registry, string name, int inChannels, int outChannels, int kernel, int stride = 1, int dilation = 1)
    {
        Name = name;
        InChannels = inChannels;
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Dilation = dilation;
        int receptive = kernel * kernel;
        string weightName = name + "/kernel";
        Weight = registry.Add(weightName, new Shape(outChannels, inChannels, kernel, kernel),
            KerasInitializers.GlorotUniform(outChannels * inChannels * receptive, inChannels * receptive, outChannels * receptive,
                registry.RandomFor(weightName)));
        Bias = registry.Add(name + "/bias", new Shape(outChannels), KerasInitializers.Constant(outChannels, 0f));
    }

    public long ParameterCount => Weight.Length + Bias.Length;
}
