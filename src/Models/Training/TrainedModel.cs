using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Optim;
using GrnGpu.Models.Checkpoints;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Training;

/// <summary>
/// Weights named on the command line: a .safetensors file, or a run folder (its best.safetensors, and its
/// config.json and metrics.json for the data, split and threshold it was trained with).
/// </summary>
public sealed record WeightsSource(string WeightsPath, CheckpointInfo Info, TrainingRun.RunConfig? Run, RunReport? Report)
{
    /// <summary>
    /// Opens weights named by <paramref name="path"/>. A run folder must be whole (its manifest, written last, checked
    /// file by file); an unfinished one (no manifest: stopped, failed or still training) is used with a warning, and
    /// its metrics.json, if any, is not trusted. Weights of another model than the run's config.json are refused.
    /// </summary>
    public static WeightsSource Open(string path, Action<string>? warn = null)
    {
        string weights = path;
        TrainingRun.RunConfig? config = null;
        RunReport? report = null;
        if (Directory.Exists(path))
        {
            weights = Path.Combine(path, RunFolder.BestWeights);
            bool isRun = RunFolder.IsRun(path);
            if (!File.Exists(weights))
                throw new GrnException(isRun
                    ? $"{path}: a training run without {RunFolder.BestWeights}: it has not finished an epoch yet (continue it with grn train --resume {path})"
                    : $"{path}: a folder without {RunFolder.BestWeights}; expected a training run folder or a .safetensors file");
            if (isRun)
            {
                config = TrainingRun.ReadConfig(path);
                if (RunFolder.IsFinished(path))
                {
                    Manifest.Verify(path, RunFolder.Kind);
                    string metrics = Path.Combine(path, MetricsReportWriter.MetricsFile);
                    if (File.Exists(metrics)) report = RunReport.Read(metrics);
                }
                else
                    warn?.Invoke($"warning: {path} is an unfinished training run (no {Manifest.FileName}: stopped, failed or still training); " +
                                 $"using its {RunFolder.BestWeights} as it is now{(File.Exists(Path.Combine(path, MetricsReportWriter.MetricsFile)) ? $", not its {MetricsReportWriter.MetricsFile}" : "")}");
            }
        }
        else if (!File.Exists(path)) throw new GrnException($"{path}: weights not found (expected a .safetensors file or a run folder)");
        var info = CheckpointInfo.FromMetadata(weights, SafeTensorsFile.Read(weights).Metadata);
        if (config != null && config.Options.Model != info.Kind)
            throw new GrnException($"{weights}: holds {info.Kind.Name()} weights, but {Path.Combine(path, RunFolder.ConfigFile)} describes a {config.Options.Model.Name()} run; " +
                                   "the folder was changed after training: give the weights file with its own --pairs, --expression and --images");
        return new WeightsSource(weights, info, config, report);
    }

    /// <summary>
    /// The seed's dimensions at the input sizes the weights were saved for (metadata "inputs", e.g.
    /// "image=1x256x320;histogram=1x64x64"), so weights trained at another image resolution load too.
    /// </summary>
    public NetworkDimensions Dimensions()
    {
        var dims = NetworkDimensions.Full;
        foreach (var part in Info.Inputs.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, size) = (part.Split('=')[0], part.Split('=').ElementAtOrDefault(1) ?? "");
            var n = size.Split('x').Select(v => int.TryParse(v, out int x) ? x : -1).ToArray();
            if (n.Length != 3 || n.Any(v => v < 1)) throw new GrnException($"{WeightsPath}: input '{part}' in the metadata is not NAME=CxHxW");
            dims = name switch
            {
                "histogram" => dims with { HistogramBins = n[1] },
                "image_pair" => dims with { SdiNetImage = (n[1], n[2]) },
                "image" => dims with { FusionImage = (n[1], n[2]) },
                _ => throw new GrnException($"{WeightsPath}: unknown input '{name}' in the metadata"),
            };
        }
        return dims;
    }

    /// <summary>The network the weights belong to, on <paramref name="device"/>, with the weights loaded, wrapped for inference.</summary>
    public Trainer Load(ComputeDevice device, long seed = 0)
    {
        var model = new Model(NetworkFactory.Create(Info.Kind, Dimensions()), device);
        try
        {
            model.LoadWeights(WeightsPath);
            return new Trainer(model, LearningRateSchedule.Constant(1e-3), seed, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
