using System.Text;
using System.Text.RegularExpressions;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// What one kernel entry point compiles to on one architecture, as ptxas reports it (registers a thread, stack frame,
/// spill stores and loads, static shared memory) plus whether its PTX holds any double-precision instruction.
/// </summary>
public sealed record KernelResources(
    string File, string Defines, string Entry, int Arch, int Registers, int StackFrameBytes, int SpillStoreBytes,
    int SpillLoadBytes, int SharedBytes, IReadOnlyList<string> DoubleInstructions)
{
    public bool Spills => SpillStoreBytes > 0 || SpillLoadBytes > 0;

    /// <summary>
    /// Registers one block of <paramref name="threads"/> occupies: the per-thread count rounded up to the allocation unit
    /// of 8, times the threads rounded up to whole warps. A block needing more than an SM's register file does not launch.
    /// </summary>
    public long BlockRegisters(long threads) => (Registers + 7) / 8 * 8 * ((threads + 31) / 32 * 32);

    public override string ToString() =>
        $"{Entry} sm_{Arch}: {Registers} registers, {SharedBytes} B shared, {StackFrameBytes} B stack, {SpillStoreBytes}/{SpillLoadBytes} B spill stores/loads";
}

/// <summary>
/// Compiles a composed CUDA source with NVRTC for one architecture and reads back each entry's resources. Why ptxas's
/// own report (`-Xptxas -v`, which NVRTC 11.x passes through): it is the assembler's accounting of the CUBIN the
/// device loads, spills included, rather than a guess from PTX, where `.local` also means deliberate local arrays and
/// register pressure is invisible. Double precision is read from the PTX instead (any `.f64` instruction), because
/// SASS mnemonics are not in the report; PTX is where the front end's promotions (a `double` literal, `sqrt` on a
/// float promoted to double) show.
/// </summary>
public static partial class KernelResourceReport
{
    [GeneratedRegex(@"Compiling entry function '([^']+)' for 'sm_(\d+)'")]
    private static partial Regex EntryLine();

    [GeneratedRegex(@"Function properties for (\S+)")]
    private static partial Regex PropertiesLine();

    [GeneratedRegex(@"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads")]
    private static partial Regex StackLine();

    [GeneratedRegex(@"Used (\d+) registers(?:, (\d+) bytes smem)?")]
    private static partial Regex UsedLine();

    [GeneratedRegex(@"^\s*(?:@!?%p\d+\s+)?([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.f64\b[^;]*);", RegexOptions.Multiline)]
    private static partial Regex DoubleInstruction();

    [GeneratedRegex(@"\.entry\s+([A-Za-z_]\w*)\s*\(")]
    private static partial Regex PtxEntry();

    /// <summary>Every entry of the program compiled for sm_<paramref name="arch"/>, by entry name.</summary>
    public static IReadOnlyDictionary<string, KernelResources> Compile(string file, string source, string defines, int arch)
    {
        var defineList = GpuDevice.ParseDefines(defines);
        var cubin = NvrtcCompiler.Compile(file, source, arch, defineList, cubin: true, ptxasVerbose: true);
        var ptx = Encoding.UTF8.GetString(NvrtcCompiler.Compile(file, source, arch, defineList, cubin: false).Image);
        var doubles = DoublesByEntry(ptx);
        return ParseReport(cubin.Log).ToDictionary(
            r => r.Entry,
            r => new KernelResources(file, defines, r.Entry, r.Arch, r.Registers, r.Stack, r.SpillStores, r.SpillLoads, r.Shared,
                doubles.TryGetValue(r.Entry, out var d) ? d : []));
    }

    /// <summary>Parses ptxas's verbose report into one row per entry function.</summary>
    public static List<(string Entry, int Arch, int Registers, int Stack, int SpillStores, int SpillLoads, int Shared)> ParseReport(string log)
    {
        var rows = new List<(string Entry, int Arch, int Registers, int Stack, int SpillStores, int SpillLoads, int Shared)>();
        string? entry = null, properties = null;
        int arch = 0, stack = 0, stores = 0, loads = 0;
        foreach (var line in log.Split('\n'))
        {
            if (EntryLine().Match(line) is { Success: true } e)
            {
                entry = e.Groups[1].Value;
                arch = int.Parse(e.Groups[2].Value);
                stack = stores = loads = 0;
                properties = null;
            }
            else if (PropertiesLine().Match(line) is { Success: true } p) properties = p.Groups[1].Value;
            else if (StackLine().Match(line) is { Success: true } s && properties == entry)
            {
                stack = int.Parse(s.Groups[1].Value);
                stores = int.Parse(s.Groups[2].Value);
                loads = int.Parse(s.Groups[3].Value);
            }
            else if (UsedLine().Match(line) is { Success: true } u && entry != null)
            {
                int shared = u.Groups[2].Success ? int.Parse(u.Groups[2].Value) : 0;
                rows.Add((entry, arch, int.Parse(u.Groups[1].Value), stack, stores, loads, shared));
                entry = null;
            }
        }
        return rows;
    }

    /// <summary>The double-precision instructions of each entry of a PTX module.</summary>
    public static Dictionary<string, IReadOnlyList<string>> DoublesByEntry(string ptx)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>();
        var entries = PtxEntry().Matches(ptx);
        for (int i = 0; i < entries.Count; i++)
        {
            int start = entries[i].Index, end = i + 1 < entries.Count ? entries[i + 1].Index : ptx.Length;
            var body = ptx[start..end];
            result[entries[i].Groups[1].Value] = DoubleInstruction().Matches(body).Select(m => m.Groups[1].Value.Trim()).Distinct().ToList();
        }
        return result;
    }
}
