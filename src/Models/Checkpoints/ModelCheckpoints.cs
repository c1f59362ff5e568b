using GrnGpu.Engine.Optim;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Checkpoints;

/// <summary>
/// A model's weights and its optimiser's state to and from files: <c>model.SaveWeights(path, epoch)</c>,
/// <c>model.LoadWeights(path)</c>. Extensions rather than members of <see cref="Model"/>, so that the networks do not
/// depend on the file formats that describe them.
/// </summary>
public static class ModelCheckpoints
{
    /// <summary>Every parameter (BN moving statistics included) as a weights file, with the epoch and metrics it was saved after.</summary>
    public static void SaveWeights(this Model model, string path, int epoch, string metricsJson = "{}") =>
        WeightsCheckpoint.Save(path, model.Network, model.ReadValues(), epoch, metricsJson);

    /// <summary>Replaces every parameter (BN moving statistics included) with the file's, after checking it matches.</summary>
    public static CheckpointInfo LoadWeights(this Model model, string path)
    {
        var (info, values) = WeightsCheckpoint.Load(path, model.Network);
        model.WriteValues(values);
        return info;
    }

    /// <summary>Writes the optimiser's state to the companion file of <paramref name="weightsPath"/>.</summary>
    public static void SaveOptimizer(this Model model, string weightsPath, Adam adam) =>
        OptimizerCheckpoint.Save(weightsPath, model.Network, AdamStateTransfer.Read(model, adam));

    /// <summary>Restores the optimiser's m, v and step from the companion file of <paramref name="weightsPath"/>.</summary>
    public static void LoadOptimizer(this Model model, string weightsPath, Adam adam) =>
        AdamStateTransfer.Write(model, adam, OptimizerCheckpoint.Load(weightsPath, model.Network));
}
