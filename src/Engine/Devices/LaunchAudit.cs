using GrnGpu.Kernels.Gemm;
using GrnGpu.Kernels.Ptx;

namespace GrnGpu.Engine.Devices;

/// <summary>A step the audit runs twice on the simulated GPU (a model's training step: Models supplies it).</summary>
public interface IAuditedStep : IDisposable
{
    void Run();
}

/// <summary>One audit: a step's launches and host reads on the simulated GPU, the resources of the kernels it launched, and every limit broken.</summary>
public sealed record LaunchAuditResult(
    string Name, IReadOnlyList<LaunchRecord> Launches, IReadOnlyList<string> HostReads, long SmallestGemmBlocks,
    IReadOnlyList<string> Violations, IReadOnlyList<KernelResources> Resources, IReadOnlyList<string> TooSmallToFill)
{
    /// <summary>The line `grn kernels audit` prints per model.</summary>
    public string Summary =>
        $"{Name}: {Launches.Count} launches, {HostReads.Count} host reads, smallest GEMM grid {SmallestGemmBlocks} blocks, {Violations.Count} violations";
}

/// <summary>
/// The launch audit of the ILGPU device: runs a step on a simulated GPU (<see cref="IlgpuDevice.Simulated"/>: the same kernel
/// set, kernels, grids and split plans as on a real GPU of those limits, nothing executed) twice, and counts the second (the
/// first allocates). Violations: a launch outside the grid or group limits, a GEMM grid under twice the SMs that could be
/// split further, and, for each kernel launched and each architecture asked for, what ptxas reports of its PTX: a register
/// spill, a group needing more registers than an SM has, static shared memory over the limit, a double-precision instruction.
/// </summary>
public static class LaunchAudit
{
    public static LaunchAuditResult Run(string name, Func<ComputeDevice, IAuditedStep> open, IReadOnlyList<int> archs, string? ptxas,
        GpuLimits? limits = null, GemmPrecision precision = GemmPrecision.Tf32)
    {
        limits ??= GpuLimits.H100;
        using var device = IlgpuDevice.Simulated(limits, precision);
        var simulator = device.Simulator!;
        var violations = new List<string>();
        using (var step = open(device))
        {
            step.Run();
            simulator.Reset();
            step.Run();
        }
        var launches = simulator.Launches.ToList();
        violations.AddRange(simulator.Violations);

        var gemms = launches.Where(l => l.FirstArgument is GemmShape && GemmGpu.IsProduct(l.Kernel)).ToList();
        var small = new List<string>();
        foreach (var l in gemms.Where(l => l.Blocks < limits.TargetBlocks))
        {
            var s = (GemmShape)l.FirstArgument!;
            string shape = $"M={s.M} N={s.N} K={s.K} batch={s.Batch}{(s.SumBatch != 0 ? " summed" : "")}, {s.Splits} slices";
            if (GemmGpu.CanSplitFurther(s))
                violations.Add($"{l} ({shape}): {l.Blocks} groups < {limits.TargetBlocks} (twice the SMs), and it could be split further");
            else small.Add($"{l} ({shape}): {l.Blocks} groups, as split as its depth allows");
        }

        var resources = new List<KernelResources>();
        if (ptxas != null && archs.Count > 0)
        {
            using var compiler = new PtxCompiler();
            foreach (int sm in archs)
                foreach (var group in launches.GroupBy(l => l.Kernel))
                {
                    var kernel = GpuKernelCatalog.All.FirstOrDefault(k => k.Name == group.Key);
                    if (kernel == null)
                    {
                        violations.Add($"{group.Key}: launched but not in the kernel catalog (no PTX to check)");
                        continue;
                    }
                    if (!kernel.BuildsFor(sm)) continue;
                    KernelResources r;
                    try { r = Ptxas.Resources(ptxas, kernel, compiler.Compile(kernel, sm), sm); }
                    catch (InvalidOperationException e)
                    {
                        violations.Add(e.Message);
                        continue;
                    }
                    resources.Add(r);
                    long threads = group.Max(l => l.Threads);
                    string where = $"{kernel.Name} sm_{sm}";
                    if (r.Spills) violations.Add($"{where}: register spill ({r.SpillStoreBytes} B stores, {r.SpillLoadBytes} B loads, {r.Registers} registers)");
                    if (r.DoubleInstructions.Count > 0) violations.Add($"{where}: double precision ({string.Join("; ", r.DoubleInstructions.Take(3))})");
                    if (r.SharedBytes > limits.MaxStaticSharedBytes) violations.Add($"{where}: {r.SharedBytes} B static shared memory > {limits.MaxStaticSharedBytes}");
                    if (r.GroupRegisters(threads) > limits.RegistersPerMultiprocessor)
                        violations.Add($"{where}: a group of {threads} threads x {r.Registers} registers exceeds the {limits.RegistersPerMultiprocessor} registers of an SM");
                }
        }
        long smallest = gemms.Count == 0 ? 0 : gemms.Min(l => l.Blocks);
        return new LaunchAuditResult(name, launches, simulator.HostReads.ToList(), smallest, violations, resources, small);
    }
}
