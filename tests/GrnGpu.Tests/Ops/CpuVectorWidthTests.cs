using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Ops.Conv2d;
using GrnGpu.Engine.Ops.Dense;
using GrnGpu.Engine.Ops.Gemm;
using Xunit;

namespace GrnGpu.Tests.Ops;

/// <summary>
/// The CPU GEMM and implicit convolution kernels come in two register-block widths (GEMM_VW: 16-float vectors for
/// AVX-512, 8-float for AVX2), chosen from the device's preferred vector width. Whatever the machine, both run the GEMM
/// and convolution checks here, forced with <see cref="GemmOp.CpuVectorWidthOverride"/>.
/// </summary>
public class CpuVectorWidthTests
{
    public static TheoryData<int, string> Checks()
    {
        var data = new TheoryData<int, string>();
        foreach (int width in new[] { 8, 16 })
            foreach (var c in OpCheckCatalog.All().Where(c => c.Op is GemmOp.Name or Conv2dOp.Name or DenseOp.Name))
                data.Add(width, c.ToString());
        return data;
    }

    [Theory, MemberData(nameof(Checks))]
    public void BothBlockWidthsMatchTheReferenceOnOpenCl(int width, string name)
    {
        var device = TestDevices.Get("opencl");
        GemmOp.CpuVectorWidthOverride = width;
        try
        {
            OpCheckTests.AssertPasses(device, name, 4321);
        }
        finally
        {
            GemmOp.CpuVectorWidthOverride = null;
        }
    }
}
