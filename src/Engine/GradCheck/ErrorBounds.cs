using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.GradCheck;

/// <summary>Rounding-error bounds shared by the checks, in units of the float unit roundoff u = 2^-24.</summary>
internal static class ErrorBounds
{
    public const double U = 1.0 / (1 << 24);

    /// <summary>Element-wise |v|: run through a linear reference op, it gives the sum of |terms| of each output.</summary>
    public static double[] Abs(double[] v) => Array.ConvertAll(v, Math.Abs);

    /// <summary>
    /// Relative bound (w.r.t. the sum of |terms|) of a group reduction as the kernels do it: each of G work-items
    /// adds about len / G terms in sequence, then a tree of log2 G levels; plus one rounding for storing/scaling.
    /// The reference device computes in double and rounds once.
    /// </summary>
    public static double Reduction(ComputeDevice device, long len)
    {
        if (RowReduction.WidthOn(device) is not int group) return 2 * U;
        return ((len + group - 1) / group + Math.Log2(group) + 2) * U;
    }

    /// <summary>
    /// As <see cref="Reduction"/> for a two-stage reduction (per-group partial sums, then one group adding the
    /// partials): one more tree of log2 G levels, plus the second stage's sequential part, covered by len / G.
    /// </summary>
    public static double TwoStageReduction(ComputeDevice device, long len)
    {
        if (RowReduction.GroupSizeOn(device) is not int group) return 2 * U;
        return Reduction(device, len) + Math.Log2(group) * U;
    }
}
