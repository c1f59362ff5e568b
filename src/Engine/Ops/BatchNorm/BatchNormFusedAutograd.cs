using GrnGpu.Engine.Autograd;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.BatchNorm;

/// <summary>
/// Fused forms of the chains the networks end their convolution blocks with (called through <see cref="F"/>), with the
/// values and gradients of the chain: one tensor recorded instead of two or three (a training step keeps less), and on
/// CPU devices one pass instead of two.
/// </summary>
internal static class BatchNormFusedAutograd
{
    /// <summary>The tape and profiler names of the two fused forms.</summary>
    public const string ReluName = "batch_norm_relu", AddReluName = "batch_norm_add_relu";


    /// <summary>ReLU(BatchNorm(x)): as <see cref="F.BatchNorm"/> followed by <see cref="F.Relu"/>.</summary>
    public static Variable BatchNormRelu(Variable x, Variable gamma, Variable beta, Parameter runningMean, Parameter runningVariance, BatchNormSettings settings)
    {
        SameDevice("batch norm relu", x, gamma, beta, runningMean, runningVariance);
        int channels = x.Shape[1];
        foreach (var p in new Variable[] { gamma, beta, runningMean, runningVariance })
            if (p.Value.Length != channels) throw new ArgumentException($"batch norm relu: {p} does not have {channels} elements for input {x.Shape}");
        var y = Like(x);
        bool training = Tape.Current?.Training ?? false;
        if (!training)
        {
            BatchNormOp.ForwardInference(x.Value, gamma.Value, beta.Value, runningMean.Value, runningVariance.Value, y, settings, relu: true);
            return Tape.Output(ReluName, y, [x, gamma, beta], dy =>
            {
                var dx = Like(x);
                var dGamma = Like(gamma);
                var dBeta = Like(beta);
                BatchNormOp.BackwardInference(x.Value, gamma.Value, runningMean.Value, runningVariance.Value, dy, dx, dGamma, dBeta, settings, reluOutput: y);
                return [dx, dGamma, dBeta];
            });
        }
        var mean = Tensor.Empty(x.Device, gamma.Shape);
        var variance = Tensor.Empty(x.Device, gamma.Shape);
        BatchNormOp.ForwardTraining(x.Value, gamma.Value, beta.Value, y, mean, variance, settings, relu: true);
        BatchNormOp.UpdateRunningStatistics(x.Value, mean, variance, runningMean.Value, runningVariance.Value, settings);
        Tape.Saved(mean);
        Tape.Saved(variance);
        return Tape.Output(ReluName, y, [x, gamma, beta], dy =>
        {
            var dx = Like(x);
            var dGamma = Like(gamma);
            var dBeta = Like(beta);
            BatchNormOp.BackwardTraining(x.Value, gamma.Value, mean, variance, dy, dx, dGamma, dBeta, settings, reluOutput: y);
            return [dx, dGamma, dBeta];
        });
    }

    /// <summary>
    /// ReLU(BatchNorm(x) + residual): as <see cref="F.BatchNorm"/>, <see cref="F.Add"/> and <see cref="F.Relu"/> (the residual
    /// block's end), without the normalised values or the sum as tensors of their own.
    /// </summary>
    public static Variable BatchNormAddRelu(Variable x, Variable residual, Variable gamma, Variable beta, Parameter runningMean, Parameter runningVariance,
        BatchNormSettings settings)
    {
        SameDevice("batch norm add relu", x, residual, gamma, beta, runningMean, runningVariance);
        if (x.Shape != residual.Shape) throw new ArgumentException($"batch norm add relu: shapes {x.Shape} and {residual.Shape} differ");
        int channels = x.Shape[1];
        foreach (var p in new Variable[] { gamma, beta, runningMean, runningVariance })
            if (p.Value.Length != channels) throw new ArgumentException($"batch norm add relu: {p} does not have {channels} elements for input {x.Shape}");
        var y = Like(x);
        bool training = Tape.Current?.Training ?? false;
        Tensor? mean = null, variance = null;
        if (training)
        {
            mean = Tensor.Empty(x.Device, gamma.Shape);
            variance = Tensor.Empty(x.Device, gamma.Shape);
            BatchNormOp.ForwardTraining(x.Value, gamma.Value, beta.Value, y, mean, variance, settings, relu: true, residual: residual.Value);
            BatchNormOp.UpdateRunningStatistics(x.Value, mean, variance, runningMean.Value, runningVariance.Value, settings);
            Tape.Saved(mean);
            Tape.Saved(variance);
        }
        else
            BatchNormOp.ForwardInference(x.Value, gamma.Value, beta.Value, runningMean.Value, runningVariance.Value, y, settings, relu: true, residual: residual.Value);
        return Tape.Output(AddReluName, y, [x, residual, gamma, beta], dy =>
        {
            var dx = Like(x);
            var dResidual = IfNeeded(residual);
            var dGamma = Like(gamma);
            var dBeta = Like(beta);
            if (training)
                BatchNormOp.BackwardTraining(x.Value, gamma.Value, mean!, variance!, dy, dx, dGamma, dBeta, settings, reluOutput: y, dResidual: dResidual);
            else
                BatchNormOp.BackwardInference(x.Value, gamma.Value, runningMean.Value, runningVariance.Value, dy, dx, dGamma, dBeta, settings,
                    reluOutput: y, dResidual: dResidual);
            return [dx, dResidual, dGamma, dBeta];
        });
    }
}
