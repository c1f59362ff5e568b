using GrnGpu.Engine.GradCheck;
using Xunit;

namespace GrnGpu.Tests.Ops;

/// <summary>
/// Every op check of the catalog (forward and each backward against the double-precision reference, with the
/// tolerances each family states) on every device kind.
/// </summary>
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
    public void OpMatchesTheReference(string kind, string check)
    {
        var device = TestDevices.Get(kind);
        var op = OpCheckCatalog.All().Single(c => c.ToString() == check);
        var results = op.Run(device, 1234).ToList();
        Assert.NotEmpty(results);
        var failures = results.Where(r => !r.Passed)
            .Select(r => $"{r.Op} [{r.Case}]: max abs {r.MaxAbsError:G3}, max rel {r.MaxRelError:G3}, tolerance {r.Tolerance} {r.Note}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void TheCatalogCoversEveryOpFamily()
    {
        var ops = OpCheckCatalog.All().Select(c => c.Op).ToHashSet();
        foreach (var family in new[] { "relu", "sigmoid", "add", "concat", "channel scale", "broadcast", "global avg pool",
                     "max pool", "batch norm", "dropout", "binary cross-entropy", "adam", "gemm", "conv2d", "dense" })
            Assert.Contains(family, ops);
        var names = OpCheckCatalog.All().Select(c => c.ToString()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
