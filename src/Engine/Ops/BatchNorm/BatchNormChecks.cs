using GrnGpu.Engine.Devices;
using GrnGpu.Engine.GradCheck;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.BatchNorm;

/// <summary>
/// Batch norm, training and inference, forward and backward, and the running-statistics update, on 4-D maps (one large
/// enough that each channel's sums span many work-groups) and (N, C) inputs. Inputs are offset (mean ~3, spread ~0.3),
/// where a one-pass variance would lose digits. Tolerances are first-order rounding bounds computed per element by
/// <see cref="BatchNormBounds"/> from the reduction bound r (<see cref="ErrorBounds.TwoStageReduction"/> over the
/// channel's N*H*W values) and the errors of the statistics each pass used. The backward passes get the reference's
/// statistics rounded to float, so that each is checked on its own. The running update is two products and a sum with
/// rounded factors: 6 u of |running * momentum| + |batch * (1 - momentum) * correction|.
/// </summary>
internal static class BatchNormChecks
{
    private static readonly Shape[] Shapes = [new(2, 3, 5, 7), new(1, 4, 1, 1), new(6, 3, 80, 32), new(37, 5), new(1, 7)];

    public static IEnumerable<OpCheck> All()
    {
        foreach (var shape in Shapes)
            yield return new OpCheck(BatchNormOp.Name, shape.ToString(), (device, seed) => Run(device, seed, shape));
    }

    private static List<OpCheckResult> Run(ComputeDevice device, int seed, Shape big)
    {
        using var s = new CheckScope(device, seed);
        var settings = BatchNormSettings.Keras;
        double eps = settings.Epsilon;
        string name = big.ToString();
        var shape = TensorLayout.Nchw(big, "batch norm check");
        var perChannel = new Shape(shape.C);
        int count = shape.N * shape.PlaneSize;
        double r = BatchNormOp.StatisticsBound(device, shape);

        var (x, xv) = s.Uniform(big, 2.7, 3.3);
        var (gamma, gv) = s.Uniform(perChannel, 0.5, 1.5);
        var (beta, bv) = s.Uniform(perChannel);
        var (dy, dyv) = s.Uniform(big);
        var (runMean, rmv) = s.Uniform(perChannel, 2.5, 3.5);
        var (runVar, rvv) = s.Uniform(perChannel, 0.01, 0.2);
        var results = new List<OpCheckResult>();

        // Training forward: output and batch statistics.
        var y = s.Output(big);
        var mean = s.Output(perChannel);
        var variance = s.Output(perChannel);
        BatchNormOp.ForwardTraining(x, gamma, beta, y, mean, variance, settings);
        var fwd = BatchNormRef.ForwardTraining(shape, xv, gv, bv, eps);
        var (dMean, dVar) = BatchNormBounds.Statistics(shape, xv, fwd.Mean, fwd.Variance, r);
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} mean", name, device, mean.ToArray(), fwd.Mean, dMean, 1));
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} variance", name, device, variance.ToArray(), fwd.Variance, dVar, 1));
        results.Add(OpCompare.Scaled(BatchNormOp.Name, name, device, y.ToArray(), fwd.Output,
            BatchNormBounds.Output(shape, xv, gv, bv, fwd.Mean, fwd.Variance, dMean, dVar, eps), 1));

        // Running statistics: from the reference's batch statistics as floats.
        var batchMean = s.Upload(perChannel, fwd.Mean);
        var batchVar = s.Upload(perChannel, fwd.Variance);
        double[] bmv = Array.ConvertAll(batchMean.ToArray(), v => (double)v), bvv = Array.ConvertAll(batchVar.ToArray(), v => (double)v);
        BatchNormOp.UpdateRunningStatistics(x, batchMean, batchVar, runMean, runVar, settings);
        double[] expMean = (double[])rmv.Clone(), expVar = (double[])rvv.Clone();
        bool bessel = big.Rank == 4;
        BatchNormRef.UpdateRunningStatistics(shape, expMean, expVar, bmv, bvv, settings.Momentum, bessel);
        double correction = bessel && count > 1 ? (double)count / (count - 1) : 1;
        var scaleMean = new double[shape.C];
        var scaleVar = new double[shape.C];
        for (int c = 0; c < shape.C; c++)
        {
            scaleMean[c] = Math.Abs(rmv[c] * settings.Momentum) + Math.Abs(bmv[c] * (1 - settings.Momentum));
            scaleVar[c] = Math.Abs(rvv[c] * settings.Momentum) + Math.Abs(bvv[c] * (1 - settings.Momentum) * correction);
        }
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} running mean", name, device, runMean.ToArray(), expMean, scaleMean, 6 * ErrorBounds.U));
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} running variance", name, device, runVar.ToArray(), expVar, scaleVar, 6 * ErrorBounds.U));

        // Training backward, with the batch statistics as floats: their errors are one rounding.
        var statError = (Mean: Array.ConvertAll(bmv, m => Math.Abs(m) * ErrorBounds.U), Var: Array.ConvertAll(bvv, v => v * ErrorBounds.U));
        var dx = s.Output(big);
        var dGamma = s.Output(perChannel);
        var dBeta = s.Output(perChannel);
        BatchNormOp.BackwardTraining(x, gamma, batchMean, batchVar, dy, dx, dGamma, dBeta, settings);
        var bwd = BatchNormRef.BackwardTraining(shape, xv, gv, bmv, bvv, dyv, eps);
        var bound = BatchNormBounds.Gradients(shape, xv, dyv, gv, bmv, bvv, statError.Mean, statError.Var, eps, r, training: true);
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} backward input", name, device, dx.ToArray(), bwd.Input, bound.Input, 1));
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} backward gamma", name, device, dGamma.ToArray(), bwd.Gamma, bound.Gamma, 1));
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} backward beta", name, device, dBeta.ToArray(), bwd.Beta, bound.Beta, 1));

        // Inference forward and backward, from the (exactly representable) running statistics drawn above.
        double[] zeros = new double[shape.C];
        var yInf = s.Output(big);
        BatchNormOp.ForwardInference(x, gamma, beta, s.Upload(perChannel, rmv), s.Upload(perChannel, rvv), yInf, settings);
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} inference", name, device, yInf.ToArray(),
            BatchNormRef.ForwardInference(shape, xv, gv, bv, rmv, rvv, eps),
            BatchNormBounds.Output(shape, xv, gv, bv, rmv, rvv, zeros, zeros, eps), 1));
        var dxInf = s.Output(big);
        BatchNormOp.BackwardInference(x, gamma, s.Upload(perChannel, rmv), s.Upload(perChannel, rvv), dy, dxInf, dGamma, dBeta, settings);
        var bwdInf = BatchNormRef.BackwardInference(shape, xv, gv, rmv, rvv, dyv, eps);
        var boundInf = BatchNormBounds.Gradients(shape, xv, dyv, gv, rmv, rvv, zeros, zeros, eps, r, training: false);
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} inference backward input", name, device, dxInf.ToArray(), bwdInf.Input, boundInf.Input, 1));
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} inference backward gamma", name, device, dGamma.ToArray(), bwdInf.Gamma, boundInf.Gamma, 1));
        results.Add(OpCompare.Scaled($"{BatchNormOp.Name} inference backward beta", name, device, dBeta.ToArray(), bwdInf.Beta, boundInf.Beta, 1));
        return results;
    }
}
