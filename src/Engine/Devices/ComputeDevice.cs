namespace GrnGpu.Engine.Devices;

/// <summary>
/// A device that holds float32 buffers and runs work on one in-order queue. Backends implement memory,
/// copies and timing; its kernels come from <see cref="Kernels"/>. Offsets and counts are
/// in floats. Reads are blocking; everything else may be asynchronous until <see cref="Synchronize"/>.
/// </summary>
public abstract class ComputeDevice : IDisposable
{
    public DeviceInfo Info { get; }
    public BufferPool Pool { get; }

    protected ComputeDevice(DeviceInfo info)
    {
        Info = info;
        Pool = new BufferPool(this);
    }

    /// <summary>
    /// The device's kernels, one method per op pass, handed out when the device is opened; null on the reference device,
    /// whose ops run the double-precision reference. While
    /// <see cref="ProfileKernels"/> runs, every call is timed.
    /// </summary>
    public IDeviceKernels? Kernels => _profiled ?? OwnKernels;

    /// <summary>The kernel set the device was opened with (see <see cref="Kernels"/>).</summary>
    protected virtual IDeviceKernels? OwnKernels => null;

    private ProfiledKernels? _profiled;

    /// <summary>
    /// Times every call of this device's kernel set until the returned scope is disposed (`grn profile` on the cpu
    /// device); read the calls with <see cref="ProfiledKernels.Collect"/>. Null where the device has no kernel set.
    /// </summary>
    public ProfiledKernels? ProfileKernels()
    {
        if (OwnKernels is not { } own) return null;
        return _profiled = new ProfiledKernels(own, this);
    }

    /// <summary>Ends <see cref="ProfileKernels"/>.</summary>
    public void StopProfilingKernels() => _profiled = null;

    /// <summary>
    /// Peak float32 GFLOP/s measured on the device itself (an FMA counted as two), or null where the device cannot measure
    /// it; the yardstick `grn devices`, `grn bench` and `grn profile` judge kernels by. Legacy kernel devices measure
    /// theirs through Ops/DevicePeaks.
    /// </summary>
    public virtual double? MeasurePeakGflops() => null;

    /// <summary>Whether the device's products (GEMMs, convolutions) round their inputs to TF32 (tensor cores): the checks' tolerance.</summary>
    public virtual bool ProductsInTf32 => false;

    /// <summary>Copy bandwidth in GB/s measured on the device, or null where it cannot measure it.</summary>
    public virtual double? MeasureStreamGBps() => null;

    private long _flops;

    /// <summary>
    /// Floating-point operations the ops have issued on this device so far (products only: convolutions, dense layers and
    /// GEMMs, an FMA counted as two), so that a benchmark can state a step's GFLOP/s and its share of the peak.
    /// </summary>
    public long FlopsIssued => Interlocked.Read(ref _flops);

    /// <summary>Adds to <see cref="FlopsIssued"/>; the op launchers call it with each product's count.</summary>
    public void CountFlops(double flops) => Interlocked.Add(ref _flops, (long)flops);

    /// <summary>A new allocation straight from the driver; use <see cref="Pool"/> instead.</summary>
    protected internal abstract DeviceBuffer AllocateBuffer(long bytes);
    protected internal abstract void FreeBuffer(DeviceBuffer buffer);

    /// <summary>
    /// A buffer that aliases floats [offset, offset + count) of <paramref name="parent"/>: how every parameter
    /// of a model lives in one flat buffer that one optimiser kernel updates. The offset must be a multiple of
    /// <see cref="ViewAlignmentFloats"/>. Release it with <see cref="ReleaseView"/> before the parent.
    /// </summary>
    public DeviceBuffer View(DeviceBuffer parent, long offset, long count)
    {
        if (parent.Device != this) throw new ArgumentException($"buffer of {parent.Device} viewed on {this}");
        CheckRange(parent, offset, count, "view");
        if (offset % ViewAlignmentFloats != 0)
            throw new ArgumentException($"view offset {offset} is not a multiple of {ViewAlignmentFloats} floats on {this}");
        return CreateView(parent, offset, count);
    }

    /// <summary>The alignment views need, in floats (64: 256 bytes, a GPU's widest aligned load; the cpu device needs a cache line).</summary>
    public virtual int ViewAlignmentFloats => 64;

    protected abstract DeviceBuffer CreateView(DeviceBuffer parent, long offset, long count);
    public virtual void ReleaseView(DeviceBuffer view) { }

    public abstract void Write(DeviceBuffer dst, long dstOffset, ReadOnlySpan<float> src);
    public abstract void Read(DeviceBuffer src, long srcOffset, Span<float> dst);
    public abstract void Copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long count);
    public abstract void Fill(DeviceBuffer dst, long dstOffset, long count, float value);
    public abstract void Synchronize();
    /// <summary>Marks the current end of the queue, for device-side timing.</summary>
    public abstract TimingEvent Record();

    protected static void CheckRange(DeviceBuffer buffer, long offset, long count, string what)
    {
        if (offset < 0 || count < 0 || offset + count > buffer.Floats)
            throw new ArgumentOutOfRangeException(what, $"{what}: floats [{offset}, {offset + count}) outside a buffer of {buffer.Floats}");
    }

    protected virtual void ReleaseNative() { }

    public void Dispose()
    {
        Pool.Trim();
        ReleaseNative();
        GC.SuppressFinalize(this);
    }

    public override string ToString() => Info.ToString();
}
