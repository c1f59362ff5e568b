using GrnGpu.Engine.GradCheck;
using Xunit;

namespace GrnGpu.Tests.Ops;

/// <summary>Every catalogued op check (GEMM, conv2d, dense, ...) on every device kind; each pass must be within its stated tolerance.</summary>
public class OpCheckTests
{
    public static TheoryData<string, string> KindsAndChecks()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new[] { "opencl", "cuda", "cpu-ref" })
            foreach (var check in OpCheckCatalog.All())
                data.Add(kind, check.ToString());
        return data;
    }

    [Theory, MemberData(nameof(KindsAndChecks))]
    public void MatchesTheReference(string kind, string check)
    {
        var device = TestDevices.Get(kind);
        var op = OpCheckCatalog.All().Single(c => c.ToString() == check);
        var results = op.Run(device, 7).ToList();
        Assert.NotEmpty(results);
        foreach (var r in results)
            Assert.True(r.Passed, $"{r.Op} {r.Case} on {r.Device}: max abs error {r.MaxAbsError:G3}, max rel {r.MaxRelError:G3}, tolerance {r.Tolerance} {r.Note}");
    }
}
