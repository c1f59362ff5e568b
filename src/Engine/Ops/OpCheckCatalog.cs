using System.Reflection;
using GrnGpu.Engine.Ops.Gemm;

using GrnGpu.Engine.GradCheck;

namespace GrnGpu.Engine.Ops;

/// <summary>
/// Every op check, for `grn gradcheck` and the test suite, found rather than listed: each op folder
/// (Engine/Ops/&lt;Op&gt;) contributes a checks class with a public static parameterless `All()` returning
/// <see cref="OpCheck"/>s, and the catalog collects every such method of the engine, ordered by class name.
/// </summary>
public static class OpCheckCatalog
{
    private static readonly MethodInfo[] Sources = typeof(OpCheckCatalog).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsGenericTypeDefinition && t != typeof(OpCheckCatalog))
        .Select(t => t.GetMethod("All", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes))
        .Where(m => m != null && m.ReturnType == typeof(IEnumerable<OpCheck>))
        .OrderBy(m => m!.DeclaringType!.FullName, StringComparer.Ordinal)
        .ToArray()!;

    /// <summary>
    /// Every check, run with FP32 products (their tolerances are FP32 bounds) except the TF32 GEMM checks, which state
    /// their own; `--precision tf32` (the default) changes what training uses, not what the checks check.
    /// </summary>
    public static IEnumerable<OpCheck> All() => Families().Select(c => c.Case.EndsWith(" tf32", StringComparison.Ordinal) ? c : Fp32(c));

    private static OpCheck Fp32(OpCheck c) => c with
    {
        Run = (device, seed) =>
        {
            using (GemmOp.UsePrecision(GemmPrecision.Fp32)) return c.Run(device, seed).ToList();
        },
    };

    private static IEnumerable<OpCheck> Families()
    {
        foreach (var source in Sources)
            foreach (var c in (IEnumerable<OpCheck>)source.Invoke(null, null)!)
                yield return c;
    }

    /// <summary>The checked ops' names (each op's Name constant), in catalog order: what `grn gradcheck --op` accepts.</summary>
    public static IReadOnlyList<string> OpNames() => All().Select(c => c.Op).Distinct().ToList();
}
