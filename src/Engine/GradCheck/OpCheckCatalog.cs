using System.Reflection;

namespace GrnGpu.Engine.GradCheck;

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

    public static IEnumerable<OpCheck> All()
    {
        foreach (var source in Sources)
            foreach (var c in (IEnumerable<OpCheck>)source.Invoke(null, null)!)
                yield return c;
    }

    /// <summary>The checked ops' names (each op's Name constant), in catalog order: what `grn gradcheck --op` accepts.</summary>
    public static IReadOnlyList<string> OpNames() => All().Select(c => c.Op).Distinct().ToList();
}
