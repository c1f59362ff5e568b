using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Optim;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Training;

/// <summary>
/// A model's full training step (<see cref="Trainer.Step"/>: forward, backward, Adam, the batch's probabilities read back) as
/// the launch audit (<see cref="LaunchAudit"/>) and <see cref="BatchFit"/> run it on the simulated GPU they are given.
/// </summary>
public sealed class AuditedTrainingStep : IAuditedStep
{
    private readonly Model _model;
    private readonly Trainer _trainer;
    private readonly List<Tensor> _inputs;
    private readonly float[] _labels;

    public AuditedTrainingStep(ModelKind kind, ComputeDevice device, int batch, NetworkDimensions? dimensions = null)
    {
        _model = new Model(NetworkFactory.Create(kind, dimensions, seed: 1), device);
        _trainer = new Trainer(_model, LearningRateSchedule.Constant(1e-3));
        _inputs = _model.Network.Inputs.Select(i => Tensor.Empty(device, i.WithBatch(batch))).ToList();
        _labels = new float[batch];
    }

    public void Run() => _trainer.Step(_inputs, _labels, epoch: 0);

    /// <summary>Audits one model's step at <paramref name="batch"/> on a simulated GPU of <paramref name="limits"/> (an H100 when null).</summary>
    public static LaunchAuditResult Audit(ModelKind kind, IReadOnlyList<int> archs, string? ptxas, int batch = 32, GpuLimits? limits = null,
        GemmPrecision precision = GemmPrecision.Tf32) =>
        LaunchAudit.Run(kind.Name(), device => new AuditedTrainingStep(kind, device, batch), archs, ptxas, limits, precision);

    public void Dispose()
    {
        foreach (var t in _inputs) t.Dispose();
        _trainer.Dispose();
        _model.Dispose();
    }
}
