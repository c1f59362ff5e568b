using GrnGpu.Engine.Ops;

namespace GrnGpu.Engine.Autograd;

/// <summary>
/// Fused forms of op chains the networks use, with the values and gradients of the chain: one tensor recorded instead
/// of two (a training step keeps less), and on CPU devices one pass instead of two.
/// </summary>
public static partial class F
{
    /// <summary>ReLU(BatchNorm(x)): as <see cref="BatchNorm"/> followed by <see cref="Relu"/>.</summary>
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
            return Tape.Output("batch_norm_relu", y, [x, gamma, beta], dy =>
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
        return Tape.Output("batch_norm_relu", y, [x, gamma, beta], dy =>
        {
            var dx = Like(x);
            var dGamma = Like(gamma);
            var dBeta = Like(beta);
            BatchNormOp.BackwardTraining(x.Value, gamma.Value, mean, variance, dy, dx, dGamma, dBeta, settings, reluOutput: y);
            return [dx, dGamma, dBeta];
        });
    }

    /// <summary>
    /// ReLU(BatchNorm(x) + residual): as <see cref="BatchNorm"/>, <see cref="Add"/> and <see cref="Relu"/> (the residual
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
        return Tape.Output("batch_norm_add_relu", y, [x, residual, gamma, beta], dy =>
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

    /// <summary>ReLU(a + b): as <see cref="Add"/> followed by <see cref="Relu"/>.</summary>
    public static Variable AddRelu(Variable a, Variable b)
    {
        SameDevice("add relu", a, b);
        if (a.Shape != b.Shape) throw new ArgumentException($"add relu: shapes {a.Shape} and {b.Shape} differ");
        var y = Like(a);
        AddReluOp.Forward(a.Value, b.Value, y);
        return Tape.Output("add_relu", y, [a, b], dy =>
        {
            var da = IfNeeded(a);
            var db = IfNeeded(b);
            var first = da ?? db;
            if (first == null) return [null, null];
            ReluOp.Backward(y, dy, first);
            if (da != null && db != null) a.Device.Copy(da.Buffer, 0, db.Buffer, 0, da.Length);
            return [da, db];
        });
    }
}
