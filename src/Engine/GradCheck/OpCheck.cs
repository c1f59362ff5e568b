using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.GradCheck;

/// <summary>One row of `grn gradcheck`: an op's pass (forward, or the gradient of one input) on one case.</summary>
public sealed record OpCheckResult(
    string Op, string Case, string Device, double MaxAbsError, double MaxRelError, string Tolerance, bool Passed, string? Note = null);

/// <summary>
/// A check of an op on a device against the double-precision reference (the op folder's &lt;Op&gt;Ref).
/// <see cref="Run"/> takes the device and a seed for the random inputs and returns one row per pass.
/// </summary>
public sealed record OpCheck(string Op, string Case, Func<ComputeDevice, int, IEnumerable<OpCheckResult>> Run)
{
    public override string ToString() => $"{Op} {Case}";
}
