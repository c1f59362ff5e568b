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
    /// Every check, on the device as it was opened: a GPU opened for TF32 (the default on sm_80+) runs its products in TF32,
    /// and the product checks widen their tolerance to TF32's bound there (<see cref="Shared.ProductTolerance"/>).
    /// </summary>
    public static IEnumerable<OpCheck> All() => Families();

    private static IEnumerable<OpCheck> Families()
    {
        foreach (var source in Sources)
            foreach (var c in (IEnumerable<OpCheck>)source.Invoke(null, null)!)
                yield return c;
    }

    /// <summary>The checked ops' names (each op's Name constant), in catalog order: what `grn gradcheck --op` accepts.</summary>
    public static IReadOnlyList<string> OpNames() => All().Select(c => c.Op).Distinct().ToList();
}
