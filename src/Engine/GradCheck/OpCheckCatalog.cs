namespace GrnGpu.Engine.GradCheck;

/// <summary>
/// Every op check, for `grn gradcheck` and the test suite. Each op family contributes its checks
/// through one line here.
/// </summary>
public static class OpCheckCatalog
{
    public static IEnumerable<OpCheck> All()
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
        foreach (var c in Conv2dChecks.All()) yield return c;
        foreach (var c in DenseChecks.All()) yield return c;
    }
}
