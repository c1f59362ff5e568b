namespace GrnGpu.Engine.GradCheck;

/// <summary>
/// Every op check, for `grn gradcheck` and the test suite. Each op family contributes its checks
/// through one line here.
/// </summary>
public static class OpCheckCatalog
{
    public static IEnumerable<OpCheck> All()
    {
        foreach (var c in GemmChecks.All()) yield return c;
        foreach (var c in Conv2dChecks.All()) yield return c;
        foreach (var c in DenseChecks.All()) yield return c;
    }
}
