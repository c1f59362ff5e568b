using GrnGpu.Engine.GradCheck;
using GrnGpu.Engine.Ops;
using Xunit;
using GrnGpu.Engine.Ops.Shared;
using GrnGpu.Engine.Ops.MaxPool;
using GrnGpu.Engine.Ops.BatchNorm;
using GrnGpu.Engine.Ops.GlobalAvgPool;
using GrnGpu.Engine.Ops.Broadcast;
using GrnGpu.Engine.Ops.ChannelScale;
using GrnGpu.Engine.Ops.BinaryCrossEntropy;
using GrnGpu.Engine.Ops.Conv2d;
using GrnGpu.Engine.Ops.Dense;
using GrnGpu.Engine.Ops.Concat;

namespace GrnGpu.Tests.Ops;

/// <summary>
/// On a CPU OpenCL device the reductions, the bias gradient, batch norm, concatenation and max pooling run their CPU kernels; the shared-memory
/// tree forms that GPUs run are valid OpenCL too, so this checks them there with <see cref="CpuKernels.ForceGpuForms"/>.
/// </summary>
public class CpuKernelFormsTests
{
    /// <summary>The families whose launchers have CPU forms on OpenCL CPU devices, by their op names (each launcher's Name).</summary>
    private static readonly string[] Families =
    [
        BatchNormOp.Name, GlobalAvgPoolOp.Name, BroadcastOp.Name, ChannelScaleOp.Name, BinaryCrossEntropyOp.Name,
        Conv2dOp.Name, DenseOp.Name, ConcatOp.Name, MaxPoolOp.Name,
    ];

    public static TheoryData<string> Checks()
    {
        var data = new TheoryData<string>();
        foreach (var c in OpCheckCatalog.All().Where(c => Families.Contains(c.Op))) data.Add(c.ToString());
        return data;
    }

    /// <summary>Every family names ops the catalog has: a renamed op must not drop its family's checks silently.</summary>
    [Fact]
    public void EveryFamilyHasChecks()
    {
        var ops = OpCheckCatalog.All().Select(c => c.Op).ToHashSet();
        Assert.All(Families, family => Assert.Contains(family, ops));
    }

    [Theory, MemberData(nameof(Checks))]
    public void GpuFormsMatchTheReferenceOnOpenCl(string name)
    {
        var device = TestDevices.Get("opencl");
        CpuKernels.ForceGpuForms = true;
        try
        {
            OpCheckTests.AssertPasses(device, name, 1234);
        }
        finally
        {
            CpuKernels.ForceGpuForms = false;
        }
    }
}
