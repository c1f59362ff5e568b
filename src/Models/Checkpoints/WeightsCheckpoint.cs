using GrnGpu.Engine;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Checkpoints;

/// <summary>
/// A network's weights (every declared parameter, batch-norm moving statistics included) as one safetensors file.
/// Values travel as host arrays in the order of <see cref="Network.Parameters"/>.
/// </summary>
public static class WeightsCheckpoint
{
    public static void Save(string path, Network network, IReadOnlyList<float[]> values, int epoch, string metricsJson = "{}")
    {
        var tensors = ParameterTensors.Pair(network.Parameters, values);
        SafeTensorsFile.Write(path, tensors, CheckpointInfo.For(network, epoch, metricsJson).ToMetadata());
    }

    /// <summary>
    /// Reads <paramref name="path"/> and checks it against <paramref name="network"/>: model kind, inputs, and every
    /// tensor's name and shape. Returns the values in the order of <see cref="Network.Parameters"/>.
    /// </summary>
    public static (CheckpointInfo Info, IReadOnlyList<float[]> Values) Load(string path, Network network)
    {
        var content = SafeTensorsFile.Read(path);
        var info = CheckpointInfo.FromMetadata(path, content.Metadata);
        if (info.Kind != network.Kind)
            throw new GrnException($"'{path}' holds {info.Kind.Name()} weights, not {network.Kind.Name()} weights.");
        string inputs = CheckpointInfo.DescribeInputs(network);
        if (info.Inputs != inputs)
            throw new GrnException($"'{path}' was saved for inputs {info.Inputs}; this {network.Kind.Name()} model takes {inputs}.");
        return (info, ParameterTensors.Match(path, network.Parameters, content.Tensors));
    }
}
