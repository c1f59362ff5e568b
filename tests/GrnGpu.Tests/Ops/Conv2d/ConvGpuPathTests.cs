using Xunit;
using GrnGpu.Engine.Ops.Conv2d;
using GrnGpu.Engine.Ops.Gemm;

namespace GrnGpu.Tests.Ops.Conv2d;

/// <summary>
/// The convolution's GPU path (tiled GEMM, element-wise im2col and col2im) is valid OpenCL, so a CPU OpenCL
/// device can check it too, although Auto gives that device the CPU path.
/// </summary>
public class ConvGpuPathTests
{
    public static TheoryData<GemmVariant, string> Checks()
    {
        var data = new TheoryData<GemmVariant, string>();
        foreach (var variant in new[] { GemmVariant.Tiled, GemmVariant.Large })
            foreach (var c in Conv2dChecks.All(variant)) data.Add(variant, c.Case);
        return data;
    }

    /// <summary>Tiled: 16-64 tiles with split-K (PoCL's two compute units make every small weight gradient split); Large: 128 x 128.</summary>
    [Theory, MemberData(nameof(Checks))]
    public void GpuPathMatchesTheReferenceOnOpenCl(GemmVariant variant, string name)
    {
        var device = TestDevices.Get("opencl");
        var check = Conv2dChecks.All(variant).Single(c => c.Case == name);
        foreach (var r in check.Run(device, 11))
            Assert.True(r.Passed, $"{r.Op} {r.Case}: max abs error {r.MaxAbsError:G3}, max rel {r.MaxRelError:G3}, tolerance {r.Tolerance}");
    }
}
