using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Ops.BatchNorm;

namespace GrnGpu.Models.Layers;

/// <summary>
/// A Keras BatchNormalization over the channel axis: trainable gamma (1) and beta (0), non-trainable
/// moving mean (0) and moving variance (1); epsilon 1e-3, momentum 0.99.
/// </summary>
public sealed class BatchNormLayer
{
    public string Name { get; }
    public int Channels { get; }
    public BatchNormSettings Settings => BatchNormSettings.Keras;
    public ParameterSpec Gamma { get; }
    public ParameterSpec Beta { get; }
    public ParameterSpec MovingMean { get; }
    public ParameterSpec MovingVariance { get; }

    public BatchNormLayer(ParameterRegistry registry, string name, int channels)
    {
        Name = name;
        Channels = channels;
        var shape = new Shape(channels);
        Gamma = registry.Add(name + "/gamma", shape, KerasInitializers.Constant(channels, 1f));
        Beta = registry.Add(name + "/beta", shape, KerasInitializers.Constant(channels, 0f));
        MovingMean = registry.Add(name + "/moving_mean", shape, KerasInitializers.Constant(channels, 0f), trainable: false);
        MovingVariance = registry.Add(name + "/moving_variance", shape, KerasInitializers.Constant(channels, 1f), trainable: false);
    }

    public long ParameterCount => 4L * Channels;
}
