using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Engine.Devices;

/// <summary>What a CPU device is opened with: the thread count (null: every core the process may use).</summary>
public sealed record CpuDeviceOptions(int? Threads = null)
{
    public int ResolvedThreads => Threads ?? Environment.ProcessorCount;
}

/// <summary>
/// The CPU as a device, in plain C#: buffers are 64-byte aligned native memory (NativeMemory.AlignedAlloc, reused through the
/// device's buffer pool, so a training step allocates nothing after its first), work runs synchronously on the calling
/// thread and one pool of worker threads (<see cref="CpuWorkers"/>), and the kernels are the SIMD kernels of
/// src/Kernels at the widest vector width the processor has (Vector512, Vector256 or Vector128, chosen by the JIT once
/// at start-up; DOTNET_EnableAVX512=0 or DOTNET_EnableAVX2=0 narrow it). A buffer's handle is its address.
/// </summary>
public sealed unsafe class CpuDevice : ComputeDevice
{
    private readonly CpuKernelSet _kernels;

    public CpuDeviceOptions Options { get; }
    public CpuWorkers Workers { get; }

    public CpuDevice(CpuDeviceOptions? options = null) : base(Describe(options))
    {
        Options = options ??= new CpuDeviceOptions();
        if (options.Threads is < 1)
            throw new GrnException($"--threads must be a whole number of at least 1, got {options.Threads}");
        Workers = new CpuWorkers(options.ResolvedThreads);
        _kernels = new CpuKernelSet(this);
    }

    /// <summary>Floats per vector the kernels use on this processor: 16 (AVX-512), 8 (AVX2 / AVX) or 4 (SSE, Arm NEON), 1 without SIMD.</summary>
    public static int VectorFloats =>
        Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 1;

    /// <summary>"Vector512 (AVX-512)" and the like, for `grn devices`.</summary>
    public static string VectorDescription => VectorFloats switch
    {
        16 => "Vector512 (16 floats)",
        8 => "Vector256 (8 floats)",
        4 => "Vector128 (4 floats)",
        _ => "scalar",
    };

    public static DeviceInfo Describe(CpuDeviceOptions? options = null)
    {
        options ??= new CpuDeviceOptions();
        // The thread count is in the name because it fixes the order of the sums: a run's config.json records it, and
        // a run resumed with another count says that its weights may differ from an uninterrupted run's.
        int threads = Math.Max(1, options.ResolvedThreads);
        return new DeviceInfo(Backend.Cpu, 0, $"{RuntimeInformation.ProcessArchitecture} CPU, {VectorDescription}, {threads} thread{(threads == 1 ? "" : "s")}, C# SIMD kernels",
            DeviceType.Cpu, threads, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            $".NET {Environment.Version}", "GrnGpu cpu", int.MaxValue, 0, VectorFloats);
    }

    protected override IDeviceKernels OwnKernels => _kernels;

    private double? _peak, _stream;

    /// <summary>The FMA peak of this device's threads, measured once (a fraction of a second) and kept.</summary>
    public override double? MeasurePeakGflops() => _peak ??= CpuPeak.FmaGflops(Workers);

    public override double? MeasureStreamGBps() => _stream ??= CpuPeak.StreamGBps(Workers);

    /// <summary>A buffer's floats as a pointer.</summary>
    public static float* Pointer(DeviceBuffer buffer) => (float*)buffer.Handle;

    protected internal override DeviceBuffer AllocateBuffer(long bytes)
    {
        // Linux overcommits: an allocation past the machine's memory succeeds and the process is killed later, mid-run.
        // So refuse what cannot fit beside what the pool already holds, before anything is computed or written.
        long total = Info.GlobalMemoryBytes, held = Pool.BytesInUse + Pool.BytesCached;
        if (held + bytes > total)
            throw new OutOfDeviceMemoryException($"the cpu device needs {bytes:N0} more bytes ({bytes / 1e9:F2} GB) beside the {held / 1e9:F2} GB it holds, " +
                                                 $"but this machine has {total / 1e9:F2} GB; use a smaller --batch or --image-size");
        // Round up to whole cache lines so that vector loops may read a partial last vector's line without faulting.
        nuint size = (nuint)Math.Max(64, (bytes + 63) / 64 * 64);
        void* p;
        try { p = NativeMemory.AlignedAlloc(size, 64); }
        catch (OutOfMemoryException) { p = null; }
        if (p == null)
            throw new OutOfDeviceMemoryException($"the CPU device could not allocate {bytes:N0} bytes ({bytes / 1e9:F2} GB): not enough memory");
        return new DeviceBuffer(this, bytes, (ulong)p);
    }

    protected internal override void FreeBuffer(DeviceBuffer buffer)
    {
        if (buffer.Parent == null) NativeMemory.AlignedFree((void*)buffer.Handle);
    }

    public override int ViewAlignmentFloats => 16;

    protected override DeviceBuffer CreateView(DeviceBuffer parent, long offset, long count) =>
        new(this, count * sizeof(float), parent.Handle + (ulong)(offset * sizeof(float)), parent: parent);

    private Span<float> Span(DeviceBuffer buffer, long offset, long count)
    {
        if (buffer.Device != this) throw new ArgumentException($"buffer of {buffer.Device} used on {this}");
        return new Span<float>(Pointer(buffer) + offset, checked((int)count));
    }

    public override void Write(DeviceBuffer dst, long dstOffset, ReadOnlySpan<float> src)
    {
        CheckRange(dst, dstOffset, src.Length, "write");
        src.CopyTo(Span(dst, dstOffset, src.Length));
    }

    public override void Read(DeviceBuffer src, long srcOffset, Span<float> dst)
    {
        CheckRange(src, srcOffset, dst.Length, "read");
        Span(src, srcOffset, dst.Length).CopyTo(dst);
    }

    public override void Copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long count)
    {
        CheckRange(src, srcOffset, count, "copy source");
        CheckRange(dst, dstOffset, count, "copy destination");
        if (count == 0) return;
        // Overlapping ranges copy as memmove does.
        Buffer.MemoryCopy(Pointer(src) + srcOffset, Pointer(dst) + dstOffset, count * sizeof(float), count * sizeof(float));
    }

    public override void Fill(DeviceBuffer dst, long dstOffset, long count, float value)
    {
        CheckRange(dst, dstOffset, count, "fill");
        if (count > 0) Span(dst, dstOffset, count).Fill(value);
    }

    /// <summary>Work is synchronous: every kernel has finished when its method returns.</summary>
    public override void Synchronize() { }

    public override TimingEvent Record() => new HostTimingEvent();

    protected override void ReleaseNative() => Workers.Dispose();
}
