using GrnGpu.Engine.Autograd;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.BatchNorm;

/// <summary>
/// The autograd rule of batch norm (called through <see cref="F"/>): the forward launch and, when a
/// recording tape is open, how the inputs' gradients follow from the output's.
/// </summary>
internal static class BatchNormAutograd
{
    /// <summary>
    /// Batch normalisation over N, H, W per channel (or over N for (N, C)). In a training tape: batch
    /// statistics, and the running statistics move towards them (Keras momentum); otherwise the running
    /// statistics normalise.
    /// </summary>
    public static Variable BatchNorm(Variable x, Variable gamma, Variable beta, Parameter runningMean, Parameter runningVariance, BatchNormSettings settings)
    {
        SameDevice("batch norm", x, gamma, beta, runningMean, runningVariance);
        int channels = x.Shape[1];
        foreach (var p in new Variable[] { gamma, beta, runningMean, runningVariance })
            if (p.Value.Length != channels) throw new ArgumentException($"batch norm: {p} does not have {channels} elements for input {x.Shape}");
        var y = Like(x);
        bool training = Tape.Current?.Training ?? false;
        if (!training)
        {
            BatchNormOp.ForwardInference(x.Value, gamma.Value, beta.Value, runningMean.Value, runningVariance.Value, y, settings);
            return Tape.Output(BatchNormOp.Name, y, [x, gamma, beta], dy =>
            {
                var dx = Like(x);
                var dGamma = Like(gamma);
                var dBeta = Like(beta);
                BatchNormOp.BackwardInference(x.Value, gamma.Value, runningMean.Value, runningVariance.Value, dy, dx, dGamma, dBeta, settings);
                return [dx, dGamma, dBeta];
            });
        }
        var mean = Tensor.Empty(x.Device, gamma.Shape);
        var variance = Tensor.Empty(x.Device, gamma.Shape);
        BatchNormOp.ForwardTraining(x.Value, gamma.Value, beta.Value, y, mean, variance, settings);
        BatchNormOp.UpdateRunningStatistics(x.Value, mean, variance, runningMean.Value, runningVariance.Value, settings);
        Tape.Saved(mean);
        Tape.Saved(variance);
        return Tape.Output(BatchNormOp.Name, y, [x, gamma, beta], dy =>
        {
            var dx = Like(x);
            var dGamma = Like(gamma);
            var dBeta = Like(beta);
            BatchNormOp.BackwardTraining(x.Value, gamma.Value, mean, variance, dy, dx, dGamma, dBeta, settings);
            return [dx, dGamma, dBeta];
        });
    }
}
