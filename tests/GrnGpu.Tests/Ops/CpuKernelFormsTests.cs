using GrnGpu.Engine.GradCheck;
using GrnGpu.Engine.Ops;
using Xunit;
using GrnGpu.Engine.Ops.Shared;
using GrnGpu.Engine.Ops.MaxPool;

namespace GrnGpu.Tests.Ops;

/// <summary>
/// On a CPU OpenCL device the reductions, the bias gradient, batch norm, concatenation and max pooling run their CPU kernels; the shared-memory
/// tree forms that GPUs run are valid OpenCL too, so this checks them there with <see cref="CpuKernels.ForceGpuForms"/>.
/// </summary>
public class CpuKernelFormsTests
{
    private static readonly string[] Families = ["batch norm", "global avg pool", "broadcast", "channel scale", "binary cross-entropy", "conv2d", "dense", "concat", MaxPoolOp.Name];

    public static TheoryData<string> Checks()
    {
        var data = new TheoryData<string>();
        foreach (var c in OpCheckCatalog.All().Where(c => Families.Contains(c.Op))) data.Add(c.ToString());
        return data;
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
