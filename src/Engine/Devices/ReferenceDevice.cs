namespace GrnGpu.Engine.Devices;

/// <summary>
/// The managed reference device: buffers are float arrays in this process and ops run the plain
/// double-precision reference implementations (each op's &lt;Op&gt;Ref in Engine/Ops/&lt;Op&gt;/). Slow, obviously
/// right, always present.
/// </summary>
public sealed class ReferenceDevice : ComputeDevice
{
    public static DeviceInfo Describe() => new(
        Backend.Reference, 0, "managed reference (C#, double precision)", DeviceType.Host,
        Environment.ProcessorCount, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        $".NET {Environment.Version}", "managed", int.MaxValue, 0);

    public ReferenceDevice() : base(Describe()) { }

    protected internal override DeviceBuffer AllocateBuffer(long bytes)
    {
        if (bytes / 4 > Array.MaxLength) throw new GrnException($"reference device cannot hold {bytes} bytes in one buffer");
        return new DeviceBuffer(this, bytes, 0, new float[bytes / 4]);
    }

    protected internal override void FreeBuffer(DeviceBuffer buffer) { }

    private static Span<float> Data(DeviceBuffer buffer) =>
        (buffer.Host ?? throw new ArgumentException("buffer does not belong to the reference device"))
            .AsSpan((int)buffer.HostOffset, (int)buffer.Floats);

    protected override DeviceBuffer CreateView(DeviceBuffer parent, long offset, long count) =>
        new(this, count * sizeof(float), 0, parent.Host, parent.HostOffset + offset, parent);

    public override void Write(DeviceBuffer dst, long dstOffset, ReadOnlySpan<float> src)
    {
        CheckRange(dst, dstOffset, src.Length, "write");
        src.CopyTo(Data(dst)[(int)dstOffset..]);
    }

    public override void Read(DeviceBuffer src, long srcOffset, Span<float> dst)
    {
        CheckRange(src, srcOffset, dst.Length, "read");
        Data(src).Slice((int)srcOffset, dst.Length).CopyTo(dst);
    }

    public override void Copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long count)
    {
        CheckRange(src, srcOffset, count, "copy source");
        CheckRange(dst, dstOffset, count, "copy destination");
        Data(src).Slice((int)srcOffset, (int)count).CopyTo(Data(dst)[(int)dstOffset..]);
    }

    public override void Fill(DeviceBuffer dst, long dstOffset, long count, float value)
    {
        CheckRange(dst, dstOffset, count, "fill");
        Data(dst).Slice((int)dstOffset, (int)count).Fill(value);
    }

    public override void Synchronize() { }

    public override TimingEvent Record() => new HostTimingEvent();
}
