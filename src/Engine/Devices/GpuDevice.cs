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
            {
                string text = source();
                IReadOnlyDictionary<string, KernelSignature> signatures;
                try { signatures = KernelSignatures.Parse(text); }
                catch (FormatException e) { throw new KernelCompileException(fileName ?? key, Target.ToString(), e.Message); }
                program = Build(fileName ?? key, text, ParseDefines(defines));
                program.Signatures = signatures;
                _programs[cacheKey] = program;
            }
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
        // Grid-stride loops step an int index: i + grid must not pass 2^31 - 1 while i < items.
        if (items + groups * group > int.MaxValue)
            throw new ArgumentException($"launch of {kernel.Name}: {items} items with a grid of {groups * group} work-items overflow the kernels' int index");
        Launch(kernel, new Dim3((int)groups), new Dim3(group), args);
    }

    /// <summary>
    /// The most groups a grid may have in each dimension: CUDA's 2^31 - 1 x 65535 x 65535; OpenCL bounds only the
    /// global size (a size_t), so int.MaxValue in each.
    /// </summary>
    public virtual Dim3 MaxGroups => new(int.MaxValue, int.MaxValue, int.MaxValue);

    /// <summary>Whether the device runs TF32 tensor-core products (CUDA sm_80 and newer).</summary>
    public virtual bool HasTf32TensorCores => false;

    /// <summary>
    /// Synchronise after every launch and name the kernel, its grid and its arguments when it fails, instead of the
    /// failure surfacing at some later call under another name (CUDA faults are asynchronous). Bring-up and
    /// debugging only: it serialises host and device. Defaults to GRN_SYNC=1 in the environment; `--sync` sets it.
    /// </summary>
    public bool SyncAfterLaunch { get; set; } = SyncByDefault;

    /// <summary>The default of <see cref="SyncAfterLaunch"/> for devices opened from now on.</summary>
    public static bool SyncByDefault { get; set; } = Environment.GetEnvironmentVariable("GRN_SYNC") == "1";

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
        var max = MaxGroups;
        if (groups.X > max.X || groups.Y > max.Y || groups.Z > max.Z)
            throw new ArgumentException($"launch of {kernel.Name}: grid {groups} exceeds the device limit {max}");
        foreach (var a in args)
            if (a.Kind == KernelArgKind.Buffer && a.Buffer!.Device != this)
                throw new ArgumentException($"launch of {kernel.Name}: a buffer argument lives on {a.Buffer.Device}, not {this}");
        CheckArguments(kernel, args);
        var profiled = KernelProfiler.Before(this);
        try
        {
            LaunchCore(kernel, groups, groupSize, args);
            if (SyncAfterLaunch) Synchronize();
        }
        catch (GrnException e) when (SyncAfterLaunch)
        {
            throw new GrnException($"kernel {kernel.Name} failed (grid {groups}, group {groupSize}, arguments {DescribeArguments(kernel, args)}): {e.Message}", e);
        }
        if (profiled != null) KernelProfiler.After(this, profiled, kernel, groups, groupSize, args);
    }

    /// <summary>Throws when the arguments do not match the kernel's parsed parameter list in count and kinds.</summary>
    public static void CheckArguments(GpuKernel kernel, ReadOnlySpan<KernelArg> args)
    {
        var signature = kernel.Signature;
        if (signature == null) return;
        var parameters = signature.Parameters;
        if (args.Length != parameters.Count)
            throw new ArgumentException($"launch of {kernel.Name}: {args.Length} arguments for {parameters.Count} parameters; the kernel is {signature}");
        for (int i = 0; i < args.Length; i++)
        {
            var expected = parameters[i].Kind switch
            {
                KernelParamKind.Buffer => KernelArgKind.Buffer,
                KernelParamKind.Int => KernelArgKind.Int,
                _ => KernelArgKind.Float,
            };
            if (args[i].Kind != expected)
                throw new ArgumentException($"launch of {kernel.Name}: argument {i} ({parameters[i].Declaration}) needs {Describe(expected)}, got {Describe(args[i])}");
        }
    }

    private static string Describe(KernelArgKind kind) => kind switch
    {
        KernelArgKind.Buffer => "a buffer",
        KernelArgKind.Int => "an int",
        _ => "a float",
    };

    private static string Describe(KernelArg a) => a.Kind switch
    {
        KernelArgKind.Buffer => $"a buffer of {a.Buffer!.Floats} floats",
        KernelArgKind.Int => $"the int {a.Int}",
        _ => $"the float {a.Float}",
    };

    /// <summary>"A: float[4096], lda = 64, alpha = 1", for failure messages.</summary>
    public static string DescribeArguments(GpuKernel kernel, ReadOnlySpan<KernelArg> args)
    {
        var parts = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string name = kernel.Signature is { } s && i < s.Parameters.Count ? s.Parameters[i].Name : $"#{i}";
            var a = args[i];
            parts.Add(a.Kind switch
            {
                KernelArgKind.Buffer => $"{name}: float[{a.Buffer!.Floats}]",
                KernelArgKind.Int => $"{name} = {a.Int}",
                _ => $"{name} = {a.Float}",
            });
        }
        return string.Join(", ", parts);
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
