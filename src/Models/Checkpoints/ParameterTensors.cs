using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Models.Layers;

namespace GrnGpu.Models.Checkpoints;

/// <summary>Pairs parameter declarations with host values, and matches a file's tensors back to declarations.</summary>
public static class ParameterTensors
{
    /// <summary>How many names a mismatch message lists before "and N more".</summary>
    private const int Listed = 6;

    public static List<NamedTensor> Pair(IReadOnlyList<ParameterSpec> declarations, IReadOnlyList<float[]> values, string prefix = "")
    {
        if (values.Count != declarations.Count)
            throw new ArgumentException($"{values.Count} value arrays for {declarations.Count} parameters");
        var tensors = new List<NamedTensor>(declarations.Count);
        for (int i = 0; i < declarations.Count; i++)
        {
            var d = declarations[i];
            if (values[i].Length != d.Length) throw new ArgumentException($"parameter '{d.Name}': {values[i].Length} values for shape {d.Shape}");
            tensors.Add(new NamedTensor(prefix + d.Name, d.Shape.Dims.ToArray(), values[i]));
        }
        return tensors;
    }

    /// <summary>
    /// The values of <paramref name="declarations"/> (names prefixed by <paramref name="prefix"/> in the file), in
    /// declaration order; a GrnException naming every missing, extra and wrongly shaped tensor when they do not match.
    /// </summary>
    public static IReadOnlyList<float[]> Match(string path, IReadOnlyList<ParameterSpec> declarations, IReadOnlyList<NamedTensor> stored, string prefix = "")
    {
        var byName = stored.ToDictionary(t => t.Name);
        var expected = declarations.ToDictionary(d => prefix + d.Name);
        var missing = declarations.Select(d => prefix + d.Name).Where(n => !byName.ContainsKey(n)).ToList();
        var extra = stored.Select(t => t.Name).Where(n => !expected.ContainsKey(n)).ToList();
        var wrongShape = declarations
            .Where(d => byName.TryGetValue(prefix + d.Name, out var t) && !t.Shape.SequenceEqual(d.Shape.Dims.ToArray()))
            .Select(d => $"{prefix + d.Name} is {NamedTensor.ShapeText(byName[prefix + d.Name].Shape)} in the file, {d.Shape} in the model")
            .ToList();
        if (missing.Count + extra.Count + wrongShape.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"missing {List(missing)}");
            if (extra.Count > 0) problems.Add($"extra {List(extra)}");
            if (wrongShape.Count > 0) problems.Add($"wrong shape: {List(wrongShape)}");
            throw new GrnException($"'{path}' does not match the model: {string.Join("; ", problems)}.");
        }
        return declarations.Select(d => byName[prefix + d.Name].Data).ToList();
    }

    private static string List(IReadOnlyList<string> items) =>
        $"{items.Count} ({string.Join(", ", items.Take(Listed))}{(items.Count > Listed ? $", and {items.Count - Listed} more" : "")})";
}
