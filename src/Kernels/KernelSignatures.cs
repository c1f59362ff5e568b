using System.Text.RegularExpressions;

namespace GrnGpu.Kernels;

/// <summary>What a kernel parameter receives: a device buffer (a GLOBAL pointer), a 32-bit int or a float.</summary>
public enum KernelParamKind { Buffer, Int, Float }

/// <summary>One parameter of a kernel entry point, as written in its source.</summary>
public sealed record KernelParam(string Name, KernelParamKind Kind, string Declaration)
{
    public override string ToString() => Declaration;
}

/// <summary>An entry point's parameter list, parsed from its kernel file.</summary>
public sealed record KernelSignature(string Entry, IReadOnlyList<KernelParam> Parameters)
{
    public override string ToString() => $"{Entry}({string.Join(", ", Parameters)})";
}

/// <summary>
/// Parses the entry points of a kernel file (`KERNEL void name(params)` or `KERNEL_BOUNDED(t, b) void name(params)`) when its source is composed, so that every
/// launch on every backend can be checked against the parameter list (count and kinds) before it reaches the driver:
/// CUDA's cuLaunchKernel takes untyped pointers and would silently read an int as a float, or read past the list.
/// Parameter types the launch path cannot pass (double, long, structs, shared pointers) are rejected here.
/// </summary>
public static partial class KernelSignatures
{
    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"\bKERNEL(?:_BOUNDED\s*\([^)]*\))?\s+void\s+([A-Za-z_]\w*)\s*\(([^)]*)\)")]
    private static partial Regex Entry();

    [GeneratedRegex(@"([A-Za-z_]\w*)\s*$")]
    private static partial Regex TrailingName();

    /// <summary>Every entry point of <paramref name="text"/> by name; throws <see cref="FormatException"/> on a parameter it cannot classify.</summary>
    public static IReadOnlyDictionary<string, KernelSignature> Parse(string text)
    {
        string code = LineComment().Replace(BlockComment().Replace(text, " "), " ");
        var result = new Dictionary<string, KernelSignature>(StringComparer.Ordinal);
        foreach (Match m in Entry().Matches(code))
        {
            string name = m.Groups[1].Value;
            var parameters = new List<KernelParam>();
            string list = m.Groups[2].Value.Trim();
            if (list.Length > 0 && list != "void")
                foreach (var raw in list.Split(','))
                    parameters.Add(Classify(name, Regex.Replace(raw.Trim(), @"\s+", " ")));
            var signature = new KernelSignature(name, parameters);
            if (result.TryGetValue(name, out var earlier) && !earlier.Parameters.Select(p => p.Kind).SequenceEqual(parameters.Select(p => p.Kind)))
                throw new FormatException($"kernel {name} is declared twice with different parameter kinds: {earlier} and {signature}");
            result[name] = signature;
        }
        return result;
    }

    private static KernelParam Classify(string entry, string declaration)
    {
        if (declaration.Contains('#'))
            throw new FormatException($"kernel {entry}: a preprocessor line inside the parameter list is not supported ({declaration})");
        var nameMatch = TrailingName().Match(declaration);
        if (!nameMatch.Success) throw new FormatException($"kernel {entry}: cannot read parameter '{declaration}'");
        string name = nameMatch.Groups[1].Value;
        string type = declaration[..nameMatch.Index].Trim();
        var words = type.Replace("*", " * ").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("const" or "RESTRICT" or "restrict" or "__restrict__" or "volatile")).ToArray();
        if (words.Contains("*"))
        {
            if (words.Count(w => w == "*") != 1 || !words.Contains("GLOBAL") || !words.Contains("float"))
                throw new FormatException($"kernel {entry}: parameter '{declaration}' must be a GLOBAL float pointer (the only buffers the engine passes)");
            return new KernelParam(name, KernelParamKind.Buffer, declaration);
        }
        string scalar = string.Join(' ', words);
        return scalar switch
        {
            "int" or "unsigned" or "unsigned int" or "uint" => new KernelParam(name, KernelParamKind.Int, declaration),
            "float" => new KernelParam(name, KernelParamKind.Float, declaration),
            _ => throw new FormatException($"kernel {entry}: parameter '{declaration}' has type '{scalar}'; launches pass only GLOBAL float pointers, int and float"),
        };
    }
}
