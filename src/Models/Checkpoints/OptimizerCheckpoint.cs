using System.Globalization;
using GrnGpu.Engine;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Checkpoints;

/// <summary>Adam's state for the trainable parameters, in the order they appear in <see cref="Network.Parameters"/>.</summary>
public sealed record AdamState(long Step, IReadOnlyList<float[]> M, IReadOnlyList<float[]> V);

/// <summary>
/// The optimiser state that goes with a weights file, in a companion safetensors file (NAME.optimizer.safetensors
/// beside NAME.safetensors): tensors "m/PARAM" and "v/PARAM" per trainable parameter, the step in the metadata.
/// </summary>
public static class OptimizerCheckpoint
{
    public const string Format = "grngpu-adam";

    public static string CompanionPath(string weightsPath) =>
        (weightsPath.EndsWith(".safetensors", StringComparison.Ordinal) ? weightsPath[..^".safetensors".Length] : weightsPath)
        + ".optimizer.safetensors";

    public static void Save(string weightsPath, Network network, AdamState state)
    {
        var trainable = network.Parameters.Where(p => p.Trainable).ToList();
        var tensors = ParameterTensors.Pair(trainable, state.M, "m/");
        tensors.AddRange(ParameterTensors.Pair(trainable, state.V, "v/"));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["format_version"] = CheckpointInfo.FormatVersion.ToString(CultureInfo.InvariantCulture),
            ["model"] = network.Kind.Name(),
            ["step"] = state.Step.ToString(CultureInfo.InvariantCulture),
        };
        SafeTensorsFile.Write(CompanionPath(weightsPath), tensors, metadata);
    }

    public static AdamState Load(string weightsPath, Network network)
    {
        string path = CompanionPath(weightsPath);
        var content = SafeTensorsFile.Read(path);
        if (!content.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new GrnException($"'{path}' is not a GrnGpu optimiser state file.");
        if (!content.Metadata.TryGetValue("model", out var model) || model != network.Kind.Name())
            throw new GrnException($"'{path}' holds optimiser state for {model ?? "an unknown model"}, not {network.Kind.Name()}.");
        if (!content.Metadata.TryGetValue("step", out var stepText) || !long.TryParse(stepText, NumberStyles.Integer, CultureInfo.InvariantCulture, out long step) || step < 0)
            throw new GrnException($"'{path}': metadata 'step' is missing or not a non-negative integer.");
        var trainable = network.Parameters.Where(p => p.Trainable).ToList();
        var m = content.Tensors.Where(t => t.Name.StartsWith("m/", StringComparison.Ordinal)).ToList();
        var v = content.Tensors.Where(t => !t.Name.StartsWith("m/", StringComparison.Ordinal)).ToList();
        return new AdamState(step, ParameterTensors.Match(path, trainable, m, "m/"), ParameterTensors.Match(path, trainable, v, "v/"));
    }
}
