namespace GrnGpu.Engine.Devices;

/// <summary>
/// Device time of every kernel launch, for `grn profile`. While a profiler is started on a device, each launch
/// there is bracketed by two timing markers on the device's in-order queue (no host synchronisation per launch);
/// <see cref="Collect"/> waits for them and returns one record per launch. Bytes are an estimate: the size of
/// every buffer argument, each counted once (what a kernel that reads or writes each of its buffers once moves);
/// flops are known only for kernels whose launcher declares them (<see cref="DeclareFlops"/>: the GEMMs).
/// Off unless started; one profiler at a time per process.
/// </summary>
public sealed class KernelProfiler : IKernelRecorder
{
    private static KernelProfiler? _active;
    [ThreadStatic] private static double _pendingFlops;

    private readonly List<Pending> _pending = new();
    private readonly object _lock = new();

    public GpuDevice Device { get; }

    private KernelProfiler(GpuDevice device) => Device = device;

    /// <summary>Starts recording launches on <paramref name="device"/> until disposed.</summary>
    public static KernelProfiler Start(GpuDevice device)
    {
        var p = new KernelProfiler(device);
        if (Interlocked.CompareExchange(ref _active, p, null) != null)
            throw new InvalidOperationException("a kernel profiler is already running");
        return p;
    }

    /// <summary>
    /// Starts recording on any device: its launches on a kernel-launching device, its kernel set's calls on a device that
    /// hands one out (timed on the host: those calls are synchronous); null where the device has neither.
    /// </summary>
    public static IKernelRecorder? StartOn(ComputeDevice device) =>
        device is GpuDevice gpu ? Start(gpu) : device.ProfileKernels() is { } set ? new KernelSetRecorder(device, set) : null;

    private sealed class KernelSetRecorder(ComputeDevice device, ProfiledKernels set) : IKernelRecorder
    {
        public IReadOnlyList<KernelLaunch> Collect() => set.Collect();
        public void Dispose() => device.StopProfilingKernels();
    }

    /// <summary>The floating-point operations of the next launch on this thread (a launcher calls it just before launching).</summary>
    public static void DeclareFlops(double flops)
    {
        if (_active != null) _pendingFlops = flops;
    }

    /// <summary>Called by <see cref="GpuDevice.Launch"/> before the launch: the start marker, or null when not profiling this device.</summary>
    internal static TimingEvent? Before(GpuDevice device) => _active?.Device == device ? device.Record() : null;

    /// <summary>Called after the launch with the marker <see cref="Before"/> returned.</summary>
    internal static void After(GpuDevice device, TimingEvent start, GpuKernel kernel, Dim3 groups, Dim3 groupSize, ReadOnlySpan<KernelArg> args)
    {
        var end = device.Record();
        long bytes = 0;
        foreach (var a in args)
            if (a.Kind == KernelArgKind.Buffer) bytes += a.Buffer!.Bytes;
        double flops = _pendingFlops;
        _pendingFlops = 0;
        var p = _active;
        if (p == null || p.Device != device)
        {
            start.Dispose();
            end.Dispose();
            return;
        }
        lock (p._lock) p._pending.Add(new Pending(kernel.Name, start, end, bytes, flops, groups.Volume * (long)groupSize.Volume));
    }

    /// <summary>Waits for the device and returns every launch recorded since the last call, in launch order.</summary>
    public IReadOnlyList<KernelLaunch> Collect()
    {
        List<Pending> taken;
        lock (_lock)
        {
            taken = [.. _pending];
            _pending.Clear();
        }
        Device.Synchronize();
        var result = new List<KernelLaunch>(taken.Count);
        foreach (var l in taken)
        {
            double ms = Math.Max(0, l.End.MillisecondsSince(l.Start));
            result.Add(new KernelLaunch(l.Name, ms, l.Bytes, l.Flops, l.WorkItems));
            l.Start.Dispose();
            l.End.Dispose();
        }
        return result;
    }

    public void Dispose()
    {
        Interlocked.CompareExchange(ref _active, null, this);
        lock (_lock)
        {
            foreach (var l in _pending)
            {
                l.Start.Dispose();
                l.End.Dispose();
            }
            _pending.Clear();
        }
    }

    private sealed record Pending(string Name, TimingEvent Start, TimingEvent End, long Bytes, double Flops, long WorkItems);
}

/// <summary>What a started profiler gives: the kernels run since the last call, in order; stops when disposed.</summary>
public interface IKernelRecorder : IDisposable
{
    IReadOnlyList<KernelLaunch> Collect();
}

/// <summary>One profiled launch: kernel entry name, device milliseconds, estimated bytes, declared flops (0: unknown).</summary>
public sealed record KernelLaunch(string Kernel, double Milliseconds, long Bytes, double Flops, long WorkItems);
