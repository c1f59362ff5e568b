using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GrnGpu.Kernels.Ptx;

/// <summary>
/// What one kernel assembles to for one architecture, as ptxas reports it (registers a thread, stack frame, spill stores
/// and loads, static shared memory), plus the double-precision instructions of its PTX. Why ptxas's own report (-v): it
/// is the assembler's accounting of the code the GPU runs, spills included, where PTX alone hides register pressure.
/// Double precision is read from the PTX (any .f64 instruction), where a promotion to double shows.
/// </summary>
public sealed record KernelResources(string Kernel, int Arch, int Registers, int StackFrameBytes, int SpillStoreBytes, int SpillLoadBytes,
    int SharedBytes, IReadOnlyList<string> DoubleInstructions)
{
    public bool Spills => SpillStoreBytes > 0 || SpillLoadBytes > 0;

    /// <summary>
    /// Registers one group of <paramref name="threads"/> occupies: the per-thread count rounded up to the allocation unit of
    /// 8, times the threads rounded up to whole warps. A group needing more than an SM's register file does not launch.
    /// </summary>
    public long GroupRegisters(long threads) => (Registers + 7) / 8 * 8 * ((threads + 31) / 32 * 32);

    public override string ToString() =>
        $"{Kernel} sm_{Arch}: {Registers} registers, {SharedBytes} B shared, {StackFrameBytes} B stack, {SpillStoreBytes}/{SpillLoadBytes} B spill stores/loads";
}

/// <summary>NVIDIA's PTX assembler, run on PTX modules without a GPU (CI unpacks CUDA 11.8's; a GPU machine has its own).</summary>
public static partial class Ptxas
{
    /// <summary>ptxas from GRN_PTXAS, the PATH, or CUDA's usual folder; null where none is found.</summary>
    public static string? Find()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("GRN_PTXAS") is { Length: > 0 } given) candidates.Add(given);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(Path.Combine(dir, "ptxas"));
        candidates.Add("/usr/local/cuda/bin/ptxas");
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Assembles one module for sm_<paramref name="sm"/> with the verbose report; the exit code and ptxas's output.</summary>
    public static (int Code, string Log) Assemble(string ptxas, string ptx, int sm)
    {
        string folder = Directory.CreateTempSubdirectory("grn-ptxas-").FullName;
        try
        {
            string input = Path.Combine(folder, "kernel.ptx");
            File.WriteAllText(input, ptx);
            var start = new ProcessStartInfo(ptxas) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "-v", $"-arch=sm_{sm}", "-o", Path.Combine(folder, "kernel.cubin"), input }) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string log = process.StandardOutput.ReadToEnd() + stderr.Result;
            process.WaitForExit();
            return (process.ExitCode, log.Replace(folder, "").Trim());
        }
        finally { Directory.Delete(folder, true); }
    }

    /// <summary>The resources of one kernel variant's module for one architecture (its single entry), or why it did not assemble.</summary>
    public static KernelResources Resources(string ptxas, GpuKernel kernel, string ptx, int sm)
    {
        var (code, log) = Assemble(ptxas, ptx, sm);
        if (code != 0) throw new InvalidOperationException($"ptxas could not assemble {kernel.Name} for sm_{sm}: {log}");
        var rows = ParseReport(log);
        if (rows.Count == 0) throw new InvalidOperationException($"ptxas printed no resource report for {kernel.Name} sm_{sm}: {log}");
        var row = rows[0];
        var doubles = DoubleInstruction().Matches(ptx).Select(m => m.Groups[1].Value.Trim()).Distinct().ToList();
        return new KernelResources(kernel.Name, sm, row.Registers, row.Stack, row.SpillStores, row.SpillLoads, row.Shared, doubles);
    }

    [GeneratedRegex(@"Compiling entry function '([^']+)' for 'sm_(\d+)'")]
    private static partial Regex EntryLine();

    [GeneratedRegex(@"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads")]
    private static partial Regex StackLine();

    [GeneratedRegex(@"Used (\d+) registers(?:, (?:used \d+ barriers, )?(\d+) bytes smem)?")]
    private static partial Regex UsedLine();

    [GeneratedRegex(@"^\s*(?:@!?%p\d+\s+)?([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.f64\b[^;]*);", RegexOptions.Multiline)]
    private static partial Regex DoubleInstruction();

    /// <summary>Parses ptxas's verbose report into one row per entry function.</summary>
    public static List<(string Entry, int Arch, int Registers, int Stack, int SpillStores, int SpillLoads, int Shared)> ParseReport(string log)
    {
        var rows = new List<(string Entry, int Arch, int Registers, int Stack, int SpillStores, int SpillLoads, int Shared)>();
        string? entry = null;
        int arch = 0, stack = 0, stores = 0, loads = 0;
        foreach (var line in log.Split('\n'))
        {
            if (EntryLine().Match(line) is { Success: true } e)
            {
                entry = e.Groups[1].Value;
                arch = int.Parse(e.Groups[2].Value);
                stack = stores = loads = 0;
            }
            else if (StackLine().Match(line) is { Success: true } s && entry != null)
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
}
