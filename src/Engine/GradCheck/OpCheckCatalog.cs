using GrnGpu.Engine.Ops;

namespace GrnGpu.Engine.GradCheck;

/// <summary>
/// Every op check, for `grn gradcheck` and the test suite. Each op family contributes its checks
/// through one line here.
/// </summary>
public static class OpCheckCatalog
{
    /// <summary>
    /// Every check, run with FP32 products (their tolerances are FP32 bounds) except the TF32 GEMM checks, which state
    /// their own; `--precision tf32` (the default) changes what training uses, not what the checks check.
    /// </summary>
    public static IEnumerable<OpCheck> All() => Families().Select(c => c.Case.EndsWith(" tf32", StringComparison.Ordinal) ? c : Fp32(c));

    private static OpCheck Fp32(OpCheck c) => c with
    {
        Run = (device, seed) =>
        {
            using (GemmOp.UsePrecision(GemmPrecision.Fp32)) return c.Run(device, seed).ToList();
        },
    };

    private static IEnumerable<OpCheck> Families()
    {
        foreach (var c in ActivationChecks.All()) yield return c;
        foreach (var c in AddChecks.All()) yield return c;
        foreach (var c in ConcatChecks.All()) yield return c;
        foreach (var c in ChannelScaleChecks.All()) yield return c;
        foreach (var c in BroadcastChecks.All()) yield return c;
        foreach (var c in GlobalAvgPoolChecks.All()) yield return c;
        foreach (var c in MaxPoolChecks.All()) yield return c;
        foreach (var c in BatchNormChecks.All()) yield return c;
        foreach (var c in DropoutChecks.All()) yield return c;
        foreach (var c in BinaryCrossEntropyChecks.All()) yield return c;
        foreach (var c in AdamChecks.All()) yield return c;
        foreach (var c in GemmChecks.All()) yield return c;
        foreach (var c in GemmChecks.Tf32()) yield return c;
        foreach (var c in Conv2dChecks.All()) yield return c;
        foreach (var c in DenseChecks.All()) yield return c;
    }
}
