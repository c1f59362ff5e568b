using System.Globalization;
using GrnGpu.Engine;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Checkpoints;

/// <summary>
/// What a weights file says about itself, in its safetensors "__metadata__": the model kind, the input shapes it
/// was built for, the histogram bins, the epoch it was saved after, the metrics at that point (JSON), and our format
/// version. Written by <see cref="WeightsCheckpoint"/>; a loader checks kind and inputs before any tensor.
/// </summary>
public sealed record CheckpointInfo(ModelKind Kind, string Inputs, int HistogramBins, int Epoch, string MetricsJson)
{
    public const string Format = "grngpu-weights";
    public const int FormatVersion = 1;

    /// <summary>"histogram=1x64x64" or "image=1x256x320;histogram=1x64x64".</summary>
    public static string DescribeInputs(Network network) => string.Join(';', network.Inputs.Select(i => $"{i.Name}={i.Dims}"));

    public static CheckpointInfo For(Network network, int epoch, string metricsJson)
    {
        // Readers parse the metrics back; refuse to write what they could not.
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(metricsJson);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"metrics are not valid JSON: {e.Message}", nameof(metricsJson), e);
        }
        return new(network.Kind, DescribeInputs(network), network.Dimensions.HistogramBins, epoch, metricsJson);
    }

    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>
    {
        ["format"] = Format,
        ["format_version"] = FormatVersion.ToString(CultureInfo.InvariantCulture),
        ["model"] = Kind.Name(),
        ["inputs"] = Inputs,
        ["bins"] = HistogramBins.ToString(CultureInfo.InvariantCulture),
        ["epoch"] = Epoch.ToString(CultureInfo.InvariantCulture),
        ["metrics"] = MetricsJson,
    };

    public static CheckpointInfo FromMetadata(string path, IReadOnlyDictionary<string, string> metadata)
    {
        string Get(string key) => metadata.TryGetValue(key, out var v)
            ? v
            : throw new GrnException($"'{path}' is not a GrnGpu weights file: its metadata has no '{key}'.");
        int Number(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new GrnException($"'{path}': metadata '{key}' is '{Get(key)}', not an integer.");

        if (Get("format") != Format) throw new GrnException($"'{path}' is not a GrnGpu weights file (format '{Get("format")}').");
        if (Number("format_version") != FormatVersion)
            throw new GrnException($"'{path}' has weights format version {Get("format_version")}; this build reads version {FormatVersion}.");
        return new CheckpointInfo(ModelKinds.Parse(Get("model")), Get("inputs"), Number("bins"), Number("epoch"), Get("metrics"));
    }
}
