using GrnGpu.Kernels;

namespace GrnGpu.Engine.Devices;

/// <summary>The launch limits of one GPU model, for <see cref="SimulatedGpuDevice"/>.</summary>
public sealed record GpuLimits(
    string Name, int ComputeCapability, int Multiprocessors, int MaxThreadsPerBlock, int MaxGridX, int MaxGridY, int MaxGridZ,
    int MaxBlockX, int MaxBlockY, int MaxBlockZ, int MaxStaticSharedBytes, int RegistersPerMultiprocessor, long MemoryBytes)
{
    /// <summary>An H100 SXM: 132 SMs, sm_90, 1024 threads a block, grid y/z at most 65535, 48 KB static shared memory, 64K registers an SM.</summary>
    public static GpuLimits H100 { get; } = new("NVIDIA H100 (simulated)", 90, 132, 1024, int.MaxValue, 65535, 65535,
        1024, 1024, 64, 48 * 1024, 65536, 80L << 30);
}

/// <summary>One kernel launch as a <see cref="SimulatedGpuDevice"/> saw it.</summary>
public sealed record LaunchRecord(string File, string Defines, string Kernel, Dim3 Groups, Dim3 GroupSize, string Arguments,
    IReadOnlyDictionary<string, double> Scalars)
{
    public long Blocks => Groups.Volume;
    public override string ToString() => $"{Kernel} [{File} {Defines}] grid {Groups} block {GroupSize}";
}

/// <summary>
/// A CUDA device that runs nothing: it takes the CUDA path through every launcher (same kernel variants, tiles and grids
/// as a real GPU with these limits would get), records every launch with its geometry and arguments, checks the
/// geometry against the limits, and counts device-to-host reads. Buffers hold no data: reads return zeros. What
/// the launches compile to (registers, spills, shared memory, double precision) is checked from
/// <see cref="Programs"/> by compiling them with NVRTC (see the launch audit). Kernel sources are composed for
/// CUDA and their signatures checked at each launch, as on every device.
/// </summary>
public sealed class SimulatedGpuDevice : GpuDevice
{
    private readonly List<LaunchRecord> _launches = new();
    private readonly List<string> _violations = new();
    private readonly Dictionary<(string File, string Defines), string> _programs = new();
    private ulong _nextHandle = 0x1000_0000;

    public GpuLimits Limits { get; }

    public SimulatedGpuDevice(GpuLimits limits) : base(Describe(limits))
    {
        Limits = limits;
        SyncAfterLaunch = false;
    }

    private static DeviceInfo Describe(GpuLimits l) => new(
        Backend.Cuda, 0, l.Name, DeviceType.Gpu, l.Multiprocessors, l.MemoryBytes,
        $"simulated, sm_{l.ComputeCapability}", "simulated", l.MaxThreadsPerBlock, l.MaxStaticSharedBytes);

    public override KernelTarget Target => KernelTarget.Cuda;
    public override Dim3 MaxGroups => new(Limits.MaxGridX, Limits.MaxGridY, Limits.MaxGridZ);
    public override bool HasTf32TensorCores => Limits.ComputeCapability >= 80;

    /// <summary>Every launch since the last <see cref="ResetCounters"/>.</summary>
    public IReadOnlyList<LaunchRecord> Launches => _launches;
    /// <summary>Launches outside the limits that <see cref="GpuDevice.Launch"/> itself does not reject.</summary>
    public IReadOnlyList<string> Violations => _violations;
    /// <summary>Device-to-host copies (each a synchronisation point on a real GPU).</summary>
    public int HostReads { get; private set; }
    public int HostWrites { get; private set; }
    public int Copies { get; private set; }
    public int Fills { get; private set; }
    /// <summary>Called before each host read (tests and the audit use it to attribute reads).</summary>
    public Action<long>? OnRead { get; set; }
    /// <summary>Called by <see cref="Synchronize"/>: lets a test make a launch "fault" under GRN_SYNC.</summary>
    public Action? OnSynchronize { get; set; }

    /// <summary>Every program the launches needed: (file, defines) to its composed CUDA source.</summary>
    public IReadOnlyDictionary<(string File, string Defines), string> Programs => _programs;

    public void ResetCounters()
    {
        _launches.Clear();
        _violations.Clear();
        HostReads = HostWrites = Copies = Fills = 0;
    }

    protected internal override DeviceBuffer AllocateBuffer(long bytes)
    {
        ulong handle;
        lock (_launches)
        {
            handle = _nextHandle;
            _nextHandle += (ulong)((Math.Max(bytes, 4) + 255) / 256 * 256);
        }
        return new DeviceBuffer(this, bytes, handle);
    }

    protected internal override void FreeBuffer(DeviceBuffer buffer) { }

    protected override DeviceBuffer CreateView(DeviceBuffer parent, long offset, long count) =>
        new(this, count * sizeof(float), parent.Handle + (ulong)(offset * sizeof(float)), parent: parent);

    public override void Write(DeviceBuffer dst, long dstOffset, ReadOnlySpan<float> src)
    {
        CheckRange(dst, dstOffset, src.Length, "write");
        HostWrites++;
    }

    public override void Read(DeviceBuffer src, long srcOffset, Span<float> dst)
    {
        CheckRange(src, srcOffset, dst.Length, "read");
        OnRead?.Invoke(dst.Length);
        HostReads++;
        dst.Clear();
    }

    public override void Copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long count)
    {
        CheckRange(src, srcOffset, count, "copy source");
        CheckRange(dst, dstOffset, count, "copy destination");
        Copies++;
    }

    public override void Fill(DeviceBuffer dst, long dstOffset, long count, float value)
    {
        CheckRange(dst, dstOffset, count, "fill");
        Fills++;
    }

    public override void Synchronize() => OnSynchronize?.Invoke();

    public override TimingEvent Record() => new NullTimingEvent();

    protected override GpuProgram Build(string fileName, string source, IReadOnlyList<string> defines)
    {
        string key = string.Join(' ', defines);
        lock (_programs) _programs[(fileName, key)] = source;
        return new SimulatedProgram(fileName, key);
    }

    protected override void LaunchCore(GpuKernel kernel, Dim3 groups, Dim3 groupSize, ReadOnlySpan<KernelArg> args)
    {
        var k = (SimulatedKernel)kernel;
        var scalars = new Dictionary<string, double>();
        for (int i = 0; i < args.Length && kernel.Signature != null && i < kernel.Signature.Parameters.Count; i++)
            if (args[i].Kind != KernelArgKind.Buffer)
                scalars[kernel.Signature.Parameters[i].Name] = args[i].Kind == KernelArgKind.Int ? args[i].Int : args[i].Float;
        var record = new LaunchRecord(k.File, k.Defines, k.Name, groups, groupSize, DescribeArguments(kernel, args), scalars);
        if (groupSize.X > Limits.MaxBlockX || groupSize.Y > Limits.MaxBlockY || groupSize.Z > Limits.MaxBlockZ)
            _violations.Add($"{record}: block dimensions exceed ({Limits.MaxBlockX}, {Limits.MaxBlockY}, {Limits.MaxBlockZ})");
        _launches.Add(record);
    }

    private sealed class SimulatedProgram(string fileName, string defines) : GpuProgram(fileName)
    {
        protected override GpuKernel CreateKernel(string entry) => new SimulatedKernel(entry, FileName, defines);
        protected override void ReleaseProgram() { }
    }

    private sealed class SimulatedKernel(string name, string file, string defines) : GpuKernel(name, 0)
    {
        public string File => file;
        public string Defines => defines;
        protected internal override void Release() { }
    }

    private sealed class NullTimingEvent : TimingEvent
    {
        public override double MillisecondsSince(TimingEvent start) => 0;
    }
}
