using GrnGpu.Engine.Devices;
using System.Reflection;
using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.GradCheck;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Ops.BatchNorm;
using GrnGpu.Engine.Ops.Conv2d;
using GrnGpu.Models;
using GrnGpu.Models.Networks;
using GrnGpu.Tests.Models;
using Xunit;

namespace GrnGpu.Tests.Ops;

/// <summary>
/// Every op check of the catalog (forward and each backward against the double-precision reference, with the
/// tolerances each family states) on every kernel device kind. The reference device is the oracle, never a subject:
/// comparing it with itself could not fail.
/// </summary>
public class OpCheckTests
{
    public static TheoryData<string, string> KindsAndChecks()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in TestDevices.KernelKinds)
            foreach (var check in OpCheckCatalog.All())
                data.Add(kind.Data, check.ToString());
        return data;
    }

    [Theory, MemberData(nameof(KindsAndChecks))]
    public void OpMatchesTheReference(string kind, string check)
    {
        AssertPasses(TestDevices.Get(kind), check, 1234);
    }

    /// <summary>Runs the catalog check named <paramref name="check"/> on the device and fails with every row that did not pass.</summary>
    internal static void AssertPasses(ComputeDevice device, string check, int seed)
    {
        var op = OpCheckCatalog.All().Single(c => c.ToString() == check);
        var results = op.Run(device, seed).ToList();
        Assert.NotEmpty(results);
        var failures = results.Where(r => !r.Passed)
            .Select(r => $"{r.Op} [{r.Case}]: max abs {r.MaxAbsError:G3}, max rel {r.MaxRelError:G3}, tolerance {r.Tolerance} {r.Note}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Every op's one name (the `Name` constant of its launcher in Engine/Ops/&lt;Op&gt;/).</summary>
    internal static IReadOnlyList<string> OpNames() => typeof(F).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("GrnGpu.Engine.Ops.", StringComparison.Ordinal) == true)
        .Select(t => t.GetField("Name", BindingFlags.Public | BindingFlags.Static))
        .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
        .Select(f => (string)f!.GetRawConstantValue()!)
        .ToList();

    [Fact]
    public void TheCatalogCoversEveryNamedOpAndOnlyNamedOps()
    {
        var names = OpNames();
        Assert.True(names.Count >= 15, $"only {names.Count} op names found: {string.Join(", ", names)}");
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(names.Order(StringComparer.Ordinal), OpCheckCatalog.OpNames().Order(StringComparer.Ordinal));
        var checks = OpCheckCatalog.All().Select(c => c.ToString()).ToList();
        Assert.Equal(checks.Count, checks.Distinct().Count());
    }

    [Fact]
    public void EveryResultRowIsNamedAfterItsOp()
    {
        var device = TestDevices.Get("cpu-ref");
        foreach (var check in OpCheckCatalog.All().GroupBy(c => c.Op).Select(g => g.First()))
            foreach (var row in check.Run(device, 1))
                Assert.True(row.Op == check.Op || row.Op.StartsWith(check.Op + " ", StringComparison.Ordinal) || row.Op == "axpy",
                    $"row '{row.Op}' of the {check.Op} checks");
    }

    [Fact]
    public void TheTapeAndTheProfilerUseTheOpNames()
    {
        // A training step of the small fusion network (every layer kind) under the profiler: each op it records is
        // named by its launcher's Name constant (or reshape, a view with no launcher, or a fused form's name).
        var device = TestDevices.Get("cpu-ref");
        var network = SmallModelRun.Network(ModelKind.Fusion);
        using var model = new Model(network, device);
        var inputs = SmallModelRun.Inputs(network, device);
        using var labels = Tensor.FromArray(device, new Shape(SmallModelRun.Batch, 1), SmallModelRun.Labels);
        using var profiler = OpProfiler.Start(device);
        using (var tape = Tape.Train())
            tape.Backward(F.BinaryCrossEntropy(model.Forward(inputs.Select(t => new Variable(t)).ToList(), 1), labels));
        foreach (var t in inputs) t.Dispose();
        var names = OpNames().Append(F.ReshapeName).Concat(F.FusedNames).ToHashSet();
        var recorded = profiler.Totals.Select(t => t.Op).ToList();
        Assert.Contains("forward " + Conv2dOp.Name, recorded);
        Assert.Contains("backward " + BatchNormOp.Name, recorded);
        Assert.All(recorded, op => Assert.Contains(op[(op.IndexOf(' ') + 1)..], names));
    }
}
