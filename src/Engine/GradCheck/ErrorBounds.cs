using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.GradCheck;

/// <summary>Rounding-error bounds shared by the checks, in units of the float unit roundoff u = 2^-24.</summary>
internal static class ErrorBounds
{
    public const double U = 1.0 / (1 << 24);

    /// <summary>Element-wise |v|: run through a linear reference op, it gives the sum of |terms| of each output.</summary>
    public static double[] Abs(double[] v) => Array.ConvertAll(v, Math.Abs);

    /// <summary>
    /// Relative bound (w.r.t. the sum of |terms|) of a reduction of len terms as the device's kernels do it (see
    /// <see cref="IDeviceKernels.ReductionBound"/>); the reference device computes in double and rounds once.
    /// </summary>
    public static double Reduction(ComputeDevice device, long len) => device.Kernels?.ReductionBound(len, 1) ?? 2 * U;

    /// <summary>As <see cref="Reduction"/> for a two-stage reduction (per-group partial sums, then one group adding the partials).</summary>
    public static double TwoStageReduction(ComputeDevice device, long len) => device.Kernels?.ReductionBound(len, 2) ?? 2 * U;
}
