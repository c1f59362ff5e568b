using System.Text.RegularExpressions;
using Xunit;

namespace GrnGpu.Tests.Architecture;

/// <summary>
/// The engine's layering, read from the sources: no namespace depends on itself through others, and only the ops
/// and the devices ask which kind of device they have (everything above calls ops, which pick their device path).
/// </summary>
public class EngineStructureTests(ITestOutputHelper output)
{
    /// <summary>
    /// Each project's namespaces depend on each other in one direction only: the engine's; the models' (bottom up: Layers,
    /// Metrics, Data; Networks, Statistics, Baselines; Checkpoints; Training; Training.Report, Explain, Profiling); the
    /// CLI's (Common below Commands below Commands.Slurm, the root's Program and CommandCatalog on top).
    /// </summary>
    [Theory]
    [InlineData("src/Engine", 15)]
    [InlineData("src/Models", 15)]
    [InlineData("src/Cli", 4)]
    public void NoNamespaceCyclesInside(string folder, int atLeast)
    {
        var graph = SourceGraph.Read(folder);
        foreach (var line in graph.Lines()) output.WriteLine(line);
        Assert.True(graph.Namespaces.Count >= atLeast, $"only {graph.Namespaces.Count} namespaces found under {folder}");
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, "namespace cycles:\n" + string.Join("\n", cycles.Select(graph.Describe)));
    }

    [Fact]
    public void GeometryAndErrorsDependOnNothing()
    {
        var graph = SourceGraph.Read("src/Engine");
        Assert.Empty(graph.DependenciesOf("GrnGpu.Engine.Geometry"));
        Assert.Empty(graph.DependenciesOf("GrnGpu.Engine.Errors"));
    }

    [Fact]
    public void EveryNamespaceMatchesItsFolder()
    {
        var wrong = new List<string>();
        foreach (var (project, root) in new[] { ("src/Engine", "GrnGpu.Engine"), ("src/Models", "GrnGpu.Models"), ("src/Cli", "GrnGpu.Cli"),
                     ("src/Kernels", "GrnGpu.Kernels"), ("tests/GrnGpu.Tests", "GrnGpu.Tests") })
            foreach (var file in SourceGraph.Files(project))
            {
                string folder = Path.GetDirectoryName(Path.GetRelativePath(Path.Combine(SourceGraph.RepoRoot, project), file))!;
                string expected = folder.Length == 0 ? root : root + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
                var declared = Regex.Match(File.ReadAllText(file), @"^namespace ([\w.]+);", RegexOptions.Multiline);
                if (declared.Success && declared.Groups[1].Value != expected)
                    wrong.Add($"{Path.GetRelativePath(SourceGraph.RepoRoot, file)}: {declared.Groups[1].Value}, expected {expected}");
            }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static readonly Regex DeviceTypeTest = new(
        @"\b(?:is|as)\s+(?:not\s+)?(?:IlgpuDevice|ReferenceDevice|CpuDevice)\b" +
        @"|\bcase\s+(?:IlgpuDevice|ReferenceDevice|CpuDevice)\b" +
        @"|\((?:IlgpuDevice|ReferenceDevice|CpuDevice)\)\s*[\w(]" +
        @"|typeof\((?:IlgpuDevice|ReferenceDevice|CpuDevice)\)");

    /// <summary>
    /// The cpu device is reached through the kernel set it hands out (<c>device.Kernels</c>), never by its type: nothing
    /// outside Engine/Devices asks whether a device is the cpu device.
    /// </summary>
    [Fact]
    public void NothingAboveTheDevicesAsksForTheCpuDevice()
    {
        string devices = Path.Combine(SourceGraph.RepoRoot, "src", "Engine", "Devices") + Path.DirectorySeparatorChar;
        var cpuTest = new Regex(@"\b(?:is|as)\s+(?:not\s+)?CpuDevice\b|\bcase\s+CpuDevice\b|\(CpuDevice\)\s*[\w(]|typeof\(CpuDevice\)");
        var found = SourceGraph.Files("src")
            .Where(f => !f.StartsWith(devices, StringComparison.Ordinal))
            .SelectMany(f => SourceGraph.Code(File.ReadAllText(f)).Split('\n').Select((line, i) => (f, i, line)))
            .Where(t => cpuTest.IsMatch(t.line))
            .Select(t => $"{Path.GetRelativePath(SourceGraph.RepoRoot, t.f)}:{t.i + 1}: {t.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, "cpu device type tests outside Engine/Devices:\n" + string.Join("\n", found));
    }

    /// <summary>An op reaches its kernels through the device's kernel set; nothing above Engine/Devices asks which device it has.</summary>
    [Fact]
    public void OnlyTheDevicesTestADevicesType()
    {
        string devices = Path.Combine(SourceGraph.RepoRoot, "src", "Engine", "Devices") + Path.DirectorySeparatorChar;
        var found = SourceGraph.Files("src")
            .Where(f => !f.StartsWith(devices, StringComparison.Ordinal))
            .SelectMany(f => SourceGraph.Code(File.ReadAllText(f)).Split('\n').Select((line, i) => (f, i, line)))
            .Where(t => DeviceTypeTest.IsMatch(t.line))
            .Select(t => $"{Path.GetRelativePath(SourceGraph.RepoRoot, t.f)}:{t.i + 1}: {t.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, "device type tests outside Engine/Devices:\n" + string.Join("\n", found));
    }

    [Fact]
    public void TheCheckerSeesACycleAndATypeTest()
    {
        // The two checks above must be able to fail: a made-up pair of files that use each other's types.
        var graph = SourceGraph.FromSources(
        [
            ("a.cs", "using X.B;\nnamespace X.A;\npublic class TypeA { TypeB b; }"),
            ("b.cs", "using X.A;\nnamespace X.B;\npublic class TypeB { TypeA a; }"),
            ("c.cs", "namespace X.C;\n// TypeA in a comment is no use\npublic class TypeC { string s = \"TypeB\"; }"),
            ("d.cs", "namespace X.D;\npublic class TypeD { int n = X.A.TypeA.Count; }"),
        ]);
        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["X.A", "X.B"], cycle.Order());
        Assert.Empty(graph.DependenciesOf("X.C"));
        Assert.Equal(["X.A"], graph.DependenciesOf("X.D"));   // a static member's qualified name names its type
        Assert.Matches(DeviceTypeTest, "if (device is IlgpuDevice gpu)");
        Assert.Matches(DeviceTypeTest, "var g = d as ReferenceDevice;");
        // A type test in a comment or a string is not code: the checker sees it in the raw text and not in the code.
        const string mentioned = "x = 1; // device is IlgpuDevice\ns = \"d as CpuDevice\";";
        Assert.Matches(DeviceTypeTest, mentioned);
        Assert.DoesNotMatch(DeviceTypeTest, SourceGraph.Code(mentioned));
        Assert.Matches(DeviceTypeTest, "if (x.Device is CpuDevice cpu)");
    }
}

/// <summary>
/// Namespace dependencies of C# sources, from their text: a file depends on the namespace of every type it names that
/// it can see (its own and enclosing namespaces, its usings, using static, or a qualified name). Comments and plain
/// string literals are ignored.
/// </summary>
internal sealed class SourceGraph
{
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GrnGpu.sln"))) return dir.FullName;
        throw new InvalidOperationException("GrnGpu.sln not found above " + AppContext.BaseDirectory);
    }

    public static IEnumerable<string> Files(string relative) =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot, relative), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal);

    private static readonly Regex CommentsAndStrings = new(
        @"(?<keep>\$@?""(?:\\.|[^""\\])*"")|//[^\n]*|/\*.*?\*/|@""(?:""""|[^""])*""|""(?:\\.|[^""\\\n])*""|'(?:\\.|[^'\\\n])'",
        RegexOptions.Singleline);

    /// <summary>Source text without comments and plain string literals (interpolated strings are kept: they hold code).</summary>
    public static string Code(string source) =>
        CommentsAndStrings.Replace(source, m => m.Groups["keep"].Success ? m.Value : new string('\n', m.Value.Count(c => c == '\n')));

    private static readonly Regex Namespace = new(@"^namespace ([\w.]+);", RegexOptions.Multiline);
    private static readonly Regex Using = new(@"^(?:global\s+)?using\s+(static\s+)?([\w.]+);", RegexOptions.Multiline);
    private static readonly Regex TypeDeclaration = new(
        @"^(?:\[[^\]]*\]\s*)?(?:(?:public|internal|static|sealed|abstract|readonly|partial|unsafe|file)\s+)*(?:record\s+struct|record\s+class|class|struct|record|enum|interface)\s+(\w+)",
        RegexOptions.Multiline);
    private static readonly Regex DottedName = new(@"(?<![\w])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*");

    private readonly Dictionary<string, HashSet<string>> _edges = new();
    private readonly Dictionary<(string, string), string> _why = new();

    public IReadOnlyCollection<string> Namespaces => _edges.Keys;

    public static SourceGraph Read(string relative) =>
        FromSources(Files(relative).Select(f => (Path.GetRelativePath(RepoRoot, f), File.ReadAllText(f))).ToList());

    public static SourceGraph FromSources(IReadOnlyList<(string Name, string Text)> files)
    {
        var parsed = files.Select(f =>
        {
            string code = Code(f.Text);
            string ns = Namespace.Match(code) is { Success: true } m ? m.Groups[1].Value : "";
            return (f.Name, Code: code, Ns: ns);
        }).ToList();
        var typeNamespaces = new Dictionary<string, HashSet<string>>();
        foreach (var f in parsed)
            foreach (Match m in TypeDeclaration.Matches(f.Code))
                (typeNamespaces.TryGetValue(m.Groups[1].Value, out var set) ? set : typeNamespaces[m.Groups[1].Value] = []).Add(f.Ns);

        var graph = new SourceGraph();
        foreach (var f in parsed)
        {
            graph.Node(f.Ns);
            var visible = new HashSet<string>();
            for (string n = f.Ns; n.Length > 0; n = n.Contains('.') ? n[..n.LastIndexOf('.')] : "") visible.Add(n);
            foreach (Match u in Using.Matches(f.Code))
            {
                string target = u.Groups[2].Value;
                if (u.Groups[1].Success && target.Contains('.')) target = target[..target.LastIndexOf('.')];   // using static Ns.Type
                visible.Add(target);
                graph.Edge(f.Ns, target, f.Name, "using " + u.Groups[2].Value, typeNamespaces);
            }
            string body = Using.Replace(f.Code, "");
            // Any part of a dotted name may be a type, the last (Ns.Type) or not (Type.Member, Ns.Type.Member).
            foreach (Match m in DottedName.Matches(body))
            {
                var parts = m.Value.Split('.');
                for (int k = 0; k < parts.Length; k++)
                {
                    if (!typeNamespaces.TryGetValue(parts[k], out var owners)) continue;
                    string qualifier = string.Join('.', parts[..k]);
                    foreach (var owner in owners)
                        if (visible.Contains(owner) || (qualifier.Length > 0 && (owner == qualifier || owner.EndsWith("." + qualifier, StringComparison.Ordinal))))
                            graph.Edge(f.Ns, owner, f.Name, m.Value, typeNamespaces);
                }
            }
        }
        return graph;
    }

    private void Node(string ns)
    {
        if (!_edges.ContainsKey(ns)) _edges[ns] = [];
    }

    private void Edge(string from, string to, string file, string what, Dictionary<string, HashSet<string>> typeNamespaces)
    {
        if (from == to || !typeNamespaces.Values.Any(s => s.Contains(to))) return;   // only namespaces of these sources
        Node(from);
        Node(to);
        if (_edges[from].Add(to)) _why[(from, to)] = $"{file}: {what}";
    }

    /// <summary>The strongly connected components with more than one namespace (Tarjan).</summary>
    public List<List<string>> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        int next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in _edges[v])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) result.Add(component);
        }
        foreach (var v in _edges.Keys.Order(StringComparer.Ordinal).ToList())
            if (!index.ContainsKey(v)) Visit(v);
        return result;
    }

    /// <summary>A cycle's namespaces and, for each dependency between them, one place that makes it.</summary>
    public string Describe(List<string> component)
    {
        var set = component.ToHashSet();
        var lines = component.Order(StringComparer.Ordinal)
            .SelectMany(a => _edges[a].Where(set.Contains).Order(StringComparer.Ordinal).Select(b => $"  {a} -> {b}  ({_why[(a, b)]})"));
        return string.Join(", ", component.Order(StringComparer.Ordinal)) + "\n" + string.Join("\n", lines);
    }

    public IReadOnlyCollection<string> DependenciesOf(string ns) => _edges.TryGetValue(ns, out var set) ? set : [];

    /// <summary>Every dependency, one line each (for reading the layering).</summary>
    public IEnumerable<string> Lines() =>
        _edges.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key} -> {string.Join(", ", kv.Value.Order(StringComparer.Ordinal))}");
}
