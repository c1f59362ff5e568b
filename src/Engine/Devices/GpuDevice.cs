using GrnGpu.Kernels;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// A device that compiles kernel files of the shared dialect (src/Kernels) and launches them.
/// Programs are cached per (file, defines) in memory, and their binaries on disk by <see cref="ProgramDiskCache"/>.
/// </summary>
public abstract class GpuDevice : ComputeDevice
{
    private readonly Dictionary<string, GpuProgram> _programs = new();

    protected GpuDevice(DeviceInfo info) : base(info) { }

    public abstract KernelTarget Target { get; }

    /// <summary>
    /// A kernel from an embedded kernel file, compiled (once) with the given defines,
    /// written as space-separated NAME=VALUE pairs (e.g. "TS=16 WPT=4").
    /// </summary>
    public GpuKernel Kernel(string file, string entry, string defines = "") =>
        Program(file, defines, () => KernelSource.Compose(file, Target)).Kernel(entry);

    /// <summary>A kernel from source text that is not embedded (user kernels, tests).</summary>
    public GpuKernel KernelFromText(string fileName, string text, string entry, string defines = "") =>
        TextProgram(fileName, text, defines).Kernel(entry);

    /// <summary>Compiles (and caches) a file's text with the given defines, creating no kernel: a compile check.</summary>
    public void Compile(string fileName, string text, string defines = "") => TextProgram(fileName, text, defines);

    private GpuProgram TextProgram(string fileName, string text, string defines) =>
        Program("text:" + fileName + "\n" + text, defines, () => KernelSource.ComposeText(fileName, text, Target), fileName);

    private GpuProgram Program(string key, string defines, Func<string> source, string? fileName = null)
    {
        string cacheKey = key + "|" + defines;
        lock (_programs)
        {
            if (!_programs.TryGetValue(cacheKey, out var program))
                _programs[cacheKey] = program = Build(fileName ?? key, source(), ParseDefines(defines));
            return program;
        }
    }

    /// <summary>Compiles one composed source for this device; throws <see cref="KernelCompileException"/>.</summary>
    protected abstract GpuProgram Build(string fileName, string source, IReadOnlyList<string> defines);

    /// <summary>
    /// The group size for simple one-dimensional kernels: 256 work-items, or the device's limit if lower.
    /// </summary>
    public int DefaultGroupSize => Math.Min(256, Info.MaxGroupSize);

    /// <summary>
    /// A capped number of groups for grid-stride kernels whose group count matters: reductions that write one
    /// partial per group, and 2-D grids. A CPU gets a few groups per compute unit (each group is a unit of
    /// scheduling there), a GPU up to 64 per unit; the kernel loops over whatever the grid does not cover.
    /// </summary>
    public Dim3 GridStrideGroups(long items, int groupSize)
    {
        long needed = Math.Max(1, (items + groupSize - 1) / groupSize);
        long cap = (long)Math.Max(1, Info.ComputeUnits) * (Info.Type == DeviceType.Gpu ? 64 : 4);
        return new Dim3((int)Math.Min(needed, cap));
    }

    /// <summary>
    /// Launches a one-dimensional grid-stride kernel over <paramref name="items"/> items (the kernel loops
    /// `for (i = GLOBAL_ID(0); i &lt; n; i += NUM_GROUPS(0) * LOCAL_SIZE(0))`, so any grid is correct).
    /// A GPU gets up to 64 groups per compute unit, enough to hide latency, and its work-items stride.
    /// A CPU runtime (PoCL) runs a group's work-items one after another on one core and vectorises across
    /// neighbouring work-items; a capped grid would put a work-item's successive items a whole grid apart and
    /// defeat both vectorisation and cache. So on CPUs the grid covers every item, one per work-item, with
    /// groups shrunk when items are few (long per-item loops) so that every core still gets several groups.
    /// </summary>
    public void Launch1D(GpuKernel kernel, long items, params ReadOnlySpan<KernelArg> args)
    {
        items = Math.Max(1, items);
        int group = DefaultGroupSize;
        long groups;
        if (Info.Type == DeviceType.Gpu)
        {
            groups = Math.Min((items + group - 1) / group, (long)Math.Max(1, Info.ComputeUnits) * 64);
        }
        else
        {
            long perCoreShare = Math.Max(1, items / (4L * Math.Max(1, Info.ComputeUnits)));
            group = (int)Math.Min(group, perCoreShare);
            groups = Math.Min((items + group - 1) / group, int.MaxValue / group);
        }
        Launch(kernel, new Dim3((int)groups), new Dim3(group), args);
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> over <paramref name="groups"/> work-groups of <paramref name="groupSize"/>
    /// work-items (CUDA: grid of blocks of threads; OpenCL: global size = groups x groupSize).
    /// </summary>
    public void Launch(GpuKernel kernel, Dim3 groups, Dim3 groupSize, params ReadOnlySpan<KernelArg> args)
    {
        if (groups.X <= 0 || groups.Y <= 0 || groups.Z <= 0 || groupSize.X <= 0 || groupSize.Y <= 0 || groupSize.Z <= 0)
            throw new ArgumentException($"launch of {kernel.Name}: empty extent, groups {groups}, group size {groupSize}");
        if (groupSize.Volume > Info.MaxGroupSize)
            throw new ArgumentException($"launch of {kernel.Name}: group size {groupSize} exceeds the device limit {Info.MaxGroupSize}");
        foreach (var a in args)
            if (a.Kind == KernelArgKind.Buffer && a.Buffer!.Device != this)
                throw new ArgumentException($"launch of {kernel.Name}: a buffer argument lives on {a.Buffer.Device}, not {this}");
        var profiled = KernelProfiler.Before(this);
        LaunchCore(kernel, groups, groupSize, args);
        if (profiled != null) KernelProfiler.After(this, profiled, kernel, groups, groupSize, args);
    }

    protected abstract void LaunchCore(GpuKernel kernel, Dim3 groups, Dim3 groupSize, ReadOnlySpan<KernelArg> args);

    /// <summary>"A=1 B=2" -> ["A=1", "B=2"], each checked to be NAME or NAME=VALUE.</summary>
    public static IReadOnlyList<string> ParseDefines(string defines)
    {
        var items = defines.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var d in items)
        {
            string name = d.Split('=')[0];
            if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
                throw new ArgumentException($"kernel define '{d}' is not NAME or NAME=VALUE");
        }
        return items;
    }

    protected override void ReleaseNative()
    {
        lock (_programs)
        {
            foreach (var p in _programs.Values) p.Dispose();
            _programs.Clear();
        }
    }
}
