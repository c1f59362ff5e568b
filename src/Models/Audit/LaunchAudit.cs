using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using GrnGpu.Engine.Optim;
using GrnGpu.Models.Networks;
using GrnGpu.Engine.Ops.Gemm;

using GrnGpu.Models.Training;

namespace GrnGpu.Models.Audit;

/// <summary>One model's audit: a training step's launches and host reads, and every limit a launch broke.</summary>
public sealed record LaunchAuditResult(
    ModelKind Model, int Batch, IReadOnlyList<LaunchRecord> Launches, int HostReads, IReadOnlyList<string> HostReadSites,
    long SmallestGemmBlocks, IReadOnlyList<string> Violations, IReadOnlyList<KernelResources> Resources)
{
    /// <summary>GEMM launches under the block target that cannot be split further (the whole product is a few tiles of 16-deep work).</summary>
    public IReadOnlyList<string> TooSmallToFill { get; init; } = [];

    /// <summary>The line `grn kernels audit` prints per model.</summary>
    public string Summary =>
        $"{Model.Name()}: {Launches.Count} launches, {HostReads} host reads, smallest GEMM grid {SmallestGemmBlocks} blocks, {Violations.Count} violations";
}

/// <summary>
/// Runs a full training step (<see cref="Trainer.Step"/>: forward, backward, Adam, the batch's probabilities read back) of a model on a
/// <see cref="SimulatedGpuDevice"/> with an H100's limits, so every launch has the geometry the CUDA path gives a real
/// H100, then compiles every kernel variant the step used to CUBIN with NVRTC for each architecture asked for, and
/// lists as violations: a launch outside the limits (grid, block, a block's registers beyond an SM's file, static
/// shared memory beyond 48 KB), a register spill, a double-precision instruction in a kernel, and a GEMM launch of
/// fewer blocks than twice the SM count. Counts device-to-host reads per step. The second of two steps is the one
/// counted (the first allocates and compiles).
/// </summary>
public static class LaunchAudit
{
    /// <summary>Audits one model; <paramref name="precision"/> (default: the current one) picks the GEMM kernels as training would.</summary>
    public static LaunchAuditResult Run(ModelKind kind, IReadOnlyList<int> archs, int batch = 32, GpuLimits? limits = null, GemmPrecision? precision = null)
    {
        limits ??= GpuLimits.H100;
        using var scope = GemmOp.UsePrecision(precision ?? GemmOp.Precision);
        var gpu = new SimulatedGpuDevice(limits);
        var violations = new List<string>();
        var readSites = new List<string>();
        using var model = new Model(NetworkFactory.Create(kind, seed: 1), gpu);
        using var trainer = new Trainer(model, LearningRateSchedule.Constant(1e-3));
        var inputs = model.Network.Inputs.Select(i => Tensor.Empty(gpu, i.WithBatch(batch))).ToList();
        var labels = new float[batch];
        try
        {
            trainer.Step(inputs, labels, epoch: 0);
            gpu.ResetCounters();
            gpu.OnRead = floats => readSites.Add(gpu.Launches.Count == 0 ? $"{floats} floats before any launch" : $"{floats} floats after {gpu.Launches[^1].Kernel}");
            trainer.Step(inputs, labels, epoch: 0);
        }
        catch (ArgumentException e)
        {
            // Launch itself rejects grids and groups beyond the device's limits.
            violations.Add($"launch rejected: {e.Message}");
        }
        finally
        {
            gpu.OnRead = null;
            foreach (var t in inputs) t.Dispose();
        }

        var launches = gpu.Launches.ToList();
        violations.AddRange(gpu.Violations);
        var resources = new List<KernelResources>();
        foreach (var arch in archs)
        {
            var byProgram = new Dictionary<(string, string), IReadOnlyDictionary<string, KernelResources>>();
            foreach (var (key, source) in gpu.Programs.Where(p => launches.Any(l => l.File == p.Key.File && l.Defines == p.Key.Defines)))
            {
                var compiled = KernelResourceReport.Compile(key.File, source, key.Defines, arch);
                byProgram[key] = compiled;
                resources.AddRange(compiled.Values.Where(r => launches.Any(l => l.File == key.File && l.Defines == key.Defines && l.Kernel == r.Entry)));
            }
            foreach (var group in launches.GroupBy(l => (l.File, l.Defines, l.Kernel, l.GroupSize)))
            {
                var (file, defines, kernel, groupSize) = group.Key;
                var r = byProgram[(file, defines)][kernel];
                string where = $"{kernel} [{file}{(defines.Length > 0 ? " " + defines : "")}] sm_{arch}";
                if (r.Spills) violations.Add($"{where}: register spill ({r.SpillStoreBytes} B stores, {r.SpillLoadBytes} B loads, {r.Registers} registers)");
                if (r.DoubleInstructions.Count > 0) violations.Add($"{where}: double precision ({string.Join("; ", r.DoubleInstructions.Take(3))})");
                if (r.SharedBytes > limits.MaxStaticSharedBytes) violations.Add($"{where}: {r.SharedBytes} B static shared memory > {limits.MaxStaticSharedBytes}");
                if (r.BlockRegisters(groupSize.Volume) > limits.RegistersPerMultiprocessor)
                    violations.Add($"{where}: a block of {groupSize.Volume} threads x {r.Registers} registers exceeds {limits.RegistersPerMultiprocessor} registers an SM");
            }
        }

        var gemms = launches.Where(l => GemmOp.IsProductKernel(l.Kernel)).ToList();
        long smallest = gemms.Count == 0 ? 0 : gemms.Min(l => l.Blocks);
        var small = new List<string>();
        foreach (var l in gemms.Where(l => l.Blocks < 2L * limits.Multiprocessors))
        {
            // Too few blocks is a violation unless the product is already split into single GT_DEPTH-deep slices:
            // then it is too small to fill the GPU however it is cut, and is listed as such.
            long chunks = GemmOp.DepthChunks((int)l.Scalars["K"], (int)l.Scalars["batch"], l.Scalars["sumBatch"] != 0, GemmOp.ChunkDepth(l.Kernel));
            int slices = (int)l.Scalars["slices"];
            string shape = $"M={l.Scalars["M"]} N={l.Scalars["N"]} K={l.Scalars["K"]} batch={l.Scalars["batch"]}{(l.Scalars["sumBatch"] != 0 ? " summed" : "")}";
            if (slices < chunks)
                violations.Add($"{l} ({shape}, {slices} slices): {l.Blocks} blocks < {2 * limits.Multiprocessors} (twice the SMs), and it could be split further");
            else
                small.Add($"{l} ({shape}): {l.Blocks} blocks, already one {GemmOp.ChunkDepth(l.Kernel)}-deep chunk a slice");
        }
        return new LaunchAuditResult(kind, batch, launches, gpu.HostReads, readSites, smallest, violations, resources) { TooSmallToFill = small };
    }
}
