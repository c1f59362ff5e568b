using GrnGpu.Engine.Ops.Activation;
using GrnGpu.Engine.Ops.Adam;
using GrnGpu.Engine.Ops.Add;
using GrnGpu.Engine.Ops.BatchNorm;
using GrnGpu.Engine.Ops.BinaryCrossEntropy;
using GrnGpu.Engine.Ops.Broadcast;
using GrnGpu.Engine.Ops.ChannelScale;
using GrnGpu.Engine.Ops.Concat;
using GrnGpu.Engine.Ops.Conv2d;
using GrnGpu.Engine.Ops.Dense;
using GrnGpu.Engine.Ops.Dropout;
using GrnGpu.Engine.Ops.Gemm;
using GrnGpu.Engine.Ops.GlobalAvgPool;
using GrnGpu.Engine.Ops.MaxPool;

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
