using GrnGpu.Kernels.Gpu;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// A device run through ILGPU (issue 19): one ILGPU accelerator, CUDA, OpenCL 2.0+ or ILGPU's CPU accelerator (ilgpu-cpu,
/// simulating an NVIDIA-like GPU: warps of 32, groups of up to 1024, so that kernels are proven without a GPU). Buffers are
/// ILGPU buffers of floats, kept in a table by handle (a view is a sub-view of its parent's buffer); the kernels are the C#
/// ILGPU kernels of src/Kernels/&lt;Op&gt;/&lt;Op&gt;Gpu.cs, compiled once per device and launched asynchronously on the
/// accelerator's default stream; <see cref="Synchronize"/> waits for them, reads wait by themselves.
/// </summary>
public sealed class IlgpuDevice : ComputeDevice
{
    private readonly Context _context;
    private readonly Dictionary<ulong, Entry> _buffers = new();
    private readonly IlgpuKernelSet _kernels;
    private ulong _nextHandle;

    /// <summary>One buffer: its ILGPU allocation (null for a view), its floats, and where it lies in its allocation.</summary>
    private sealed record Entry(MemoryBuffer1D<float, Stride1D.Dense>? Owner, ArrayView<float> View, ulong Root, long Start);

    internal Accelerator Accelerator { get; }

    public IlgpuDevice(DeviceInfo info) : base(info)
    {
        (_context, Accelerator) = info.Backend switch
        {
            Backend.IlgpuCpu => CreateCpu(),
            Backend.IlgpuCuda => Create(b => b.Cuda(), c => c.CreateCudaAccelerator(info.Index)),
            Backend.IlgpuOpenCl => Create(b => b.OpenCL(), c => c.CreateCLAccelerator(info.Index)),
            _ => throw new ArgumentException($"{info.Id} is not an ILGPU device"),
        };
        _kernels = new IlgpuKernelSet(this);
    }

    protected override IDeviceKernels OwnKernels => _kernels;

    private static (Context, Accelerator) CreateCpu()
    {
        var context = Context.Create(b => b.CPU(CPUDeviceKind.Nvidia).Optimize(OptimizationLevel.O1));
        return (context, context.CreateCPUAccelerator(0, CPUAcceleratorMode.Parallel));
    }

    private static (Context, Accelerator) Create(Func<Context.Builder, Context.Builder> accelerators, Func<Context, Accelerator> open)
    {
        // ILGPU.Algorithms supplies the GPU forms of MathF.Exp / MathF.Log that the kernels call.
        var context = Context.Create(b => accelerators(b).Optimize(OptimizationLevel.O2).EnableAlgorithms());
        try { return (context, open(context)); }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>ilgpu-cpu: ILGPU's CPU accelerator as an NVIDIA-like device (it is always there).</summary>
    public static DeviceInfo DescribeCpu() => new(Backend.IlgpuCpu, 0,
        "ILGPU CPU accelerator (NVIDIA-like: warp 32, groups of up to 1024; for tests, ~1000x slower than the cpu device)", DeviceType.Cpu,
        Environment.ProcessorCount, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, $"ILGPU {typeof(Context).Assembly.GetName().Version}",
        "ILGPU CPU", 1024, 48 * 1024);

    /// <summary>The CUDA and OpenCL devices ILGPU finds (ilgpu-cuda:N, ilgpu-opencl:N), or a note saying why none.</summary>
    public static void Discover(List<DeviceInfo> devices, List<string> notes)
    {
        try
        {
            using var context = Context.Create(b => b.Cuda().OpenCL());
            int cuda = 0, cl = 0;
            foreach (var device in context)
            {
                var (backend, index) = device.AcceleratorType switch
                {
                    AcceleratorType.Cuda => (Backend.IlgpuCuda, cuda++),
                    AcceleratorType.OpenCL => (Backend.IlgpuOpenCl, cl++),
                    _ => (Backend.IlgpuCpu, -1),
                };
                if (index < 0) continue;
                devices.Add(new DeviceInfo(backend, index, device.Name, DeviceType.Gpu, device.NumMultiprocessors, device.MemorySize,
                    $"ILGPU {typeof(Context).Assembly.GetName().Version}", backend == Backend.IlgpuCuda ? "ILGPU CUDA" : "ILGPU OpenCL",
                    device.MaxNumThreadsPerGroup, device.MaxSharedMemoryPerGroup));
            }
            if (cuda + cl == 0) notes.Add("ILGPU: no CUDA or OpenCL 2.0+ device (ilgpu-cpu is always there)");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            notes.Add($"ILGPU: {e.Message}");
        }
    }

    /// <summary>A buffer's floats as an ILGPU view.</summary>
    internal ArrayView<float> ViewOf(DeviceBuffer buffer)
    {
        if (buffer.Device != this) throw new ArgumentException($"buffer of {buffer.Device} used on {this}");
        lock (_buffers) return _buffers[buffer.Handle].View;
    }

    protected internal override DeviceBuffer AllocateBuffer(long bytes)
    {
        long floats = Math.Max(1, (bytes + sizeof(float) - 1) / sizeof(float));
        MemoryBuffer1D<float, Stride1D.Dense> memory;
        try { memory = Accelerator.Allocate1D<float>(floats); }
        catch (Exception e) when (e is OutOfMemoryException or AcceleratorException or InvalidOperationException)
        {
            throw new OutOfDeviceMemoryException($"{Info.Id} could not allocate {bytes:N0} bytes ({bytes / 1e9:F2} GB): {e.Message}");
        }
        lock (_buffers)
        {
            ulong handle = ++_nextHandle;
            _buffers[handle] = new Entry(memory, memory.View, handle, 0);
            return new DeviceBuffer(this, bytes, handle);
        }
    }

    protected internal override void FreeBuffer(DeviceBuffer buffer)
    {
        Entry entry;
        lock (_buffers)
        {
            if (!_buffers.Remove(buffer.Handle, out entry!)) return;
        }
        if (entry.Owner != null)
        {
            // Kernels queued on the stream may still use it.
            Accelerator.Synchronize();
            entry.Owner.Dispose();
        }
    }

    protected override DeviceBuffer CreateView(DeviceBuffer parent, long offset, long count)
    {
        lock (_buffers)
        {
            var p = _buffers[parent.Handle];
            ulong handle = ++_nextHandle;
            _buffers[handle] = new Entry(null, p.View.SubView(offset, count), p.Root, p.Start + offset);
            return new DeviceBuffer(this, count * sizeof(float), handle, parent: parent);
        }
    }

    public override void ReleaseView(DeviceBuffer view)
    {
        lock (_buffers) _buffers.Remove(view.Handle);
    }

    private ArrayView<float> Range(DeviceBuffer buffer, long offset, long count) => ViewOf(buffer).SubView(offset, count);

    public override void Write(DeviceBuffer dst, long dstOffset, ReadOnlySpan<float> src)
    {
        CheckRange(dst, dstOffset, src.Length, "write");
        if (src.Length > 0) Range(dst, dstOffset, src.Length).CopyFromCPU(Accelerator.DefaultStream, src);
    }

    public override void Read(DeviceBuffer src, long srcOffset, Span<float> dst)
    {
        CheckRange(src, srcOffset, dst.Length, "read");
        if (dst.Length == 0) return;
        Range(src, srcOffset, dst.Length).CopyToCPU(Accelerator.DefaultStream, dst);
        Accelerator.DefaultStream.Synchronize();
    }

    public override void Copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long count)
    {
        CheckRange(src, srcOffset, count, "copy source");
        CheckRange(dst, dstOffset, count, "copy destination");
        if (count == 0) return;
        Entry s, d;
        lock (_buffers)
        {
            s = _buffers[src.Handle];
            d = _buffers[dst.Handle];
        }
        long from = s.Start + srcOffset, to = d.Start + dstOffset;
        ArrayView1D<float, Stride1D.Dense> source = s.View.SubView(srcOffset, count), target = d.View.SubView(dstOffset, count);
        if (s.Root == d.Root && from < to + count && to < from + count)
        {
            if (from == to) return;
            // Overlapping ranges copy as memmove does: through a staging buffer.
            using var staging = Accelerator.Allocate1D<float>(count);
            source.CopyTo(Accelerator.DefaultStream, staging.View);
            staging.View.CopyTo(Accelerator.DefaultStream, target);
            Accelerator.DefaultStream.Synchronize();
            return;
        }
        source.CopyTo(Accelerator.DefaultStream, target);
    }

    public override void Fill(DeviceBuffer dst, long dstOffset, long count, float value)
    {
        CheckRange(dst, dstOffset, count, "fill");
        if (count > 0) _kernels.Fill(Range(dst, dstOffset, count), value, checked((int)count));
    }

    public override void Synchronize() => Accelerator.Synchronize();

    /// <summary>Host-clock events after a synchronisation (ILGPU's stream markers are not exposed uniformly across backends).</summary>
    public override TimingEvent Record()
    {
        Synchronize();
        return new HostTimingEvent();
    }

    /// <summary>Scratch of at least n floats that lives until the next call with the same slot (stream order makes reuse safe).</summary>
    internal ArrayView<float> Scratch(int slot, long n)
    {
        var current = _scratch[slot];
        if (current == null || current.Length < n)
        {
            if (current != null)
            {
                Accelerator.Synchronize();
                current.Dispose();
            }
            current = _scratch[slot] = Accelerator.Allocate1D<float>(Math.Max(n, GpuLaunch.Group));
        }
        return current.View.SubView(0, Math.Max(n, 1));
    }

    private readonly MemoryBuffer1D<float, Stride1D.Dense>?[] _scratch = new MemoryBuffer1D<float, Stride1D.Dense>?[4];

    protected override void ReleaseNative()
    {
        Accelerator.Synchronize();
        foreach (var s in _scratch) s?.Dispose();
        lock (_buffers)
        {
            foreach (var e in _buffers.Values) e.Owner?.Dispose();
            _buffers.Clear();
        }
        Accelerator.Dispose();
        _context.Dispose();
    }
}
