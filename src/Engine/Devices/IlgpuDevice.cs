using GrnGpu.Kernels.Gpu;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// What an ILGPU device is opened with: the products' precision (null: the device's default, TF32 on sm_80+ CUDA GPUs and
/// FP32 elsewhere; Tf32 given explicitly also makes ILGPU's CPU accelerator emulate the tensor-core instructions),
/// whether every launch is waited for (<c>--sync</c>: a failure names its kernel), and, for the launch audit, the limits
/// of a GPU to simulate instead of opening one (nothing runs; see <see cref="LaunchSimulator"/>).
/// </summary>
public sealed record IlgpuDeviceOptions(GemmPrecision? Precision = null, bool Sync = false, GpuLimits? Simulate = null);

/// <summary>
/// A GPU run through ILGPU: one ILGPU accelerator, CUDA (cuda:N), OpenCL 2.0+ (opencl:N) or ILGPU's CPU accelerator (ilgpu-cpu,
/// simulating an NVIDIA-like GPU: warps of 32, groups of up to 1024, so that kernels are proven without a GPU). Buffers are
/// ILGPU buffers of floats, kept in a table by handle (a view is a sub-view of its parent's buffer); the kernels are the C#
/// ILGPU kernels of src/Kernels/&lt;Op&gt;/&lt;Op&gt;Gpu.cs, compiled once per device and launched asynchronously on the
/// accelerator's default stream; <see cref="Synchronize"/> waits for them, reads wait by themselves.
/// </summary>
public sealed class IlgpuDevice : ComputeDevice
{
    private readonly Context? _context;
    private readonly Dictionary<ulong, Entry> _buffers = new();
    private readonly IlgpuKernelSet _kernels;
    private ulong _nextHandle;

    /// <summary>One buffer: its ILGPU allocation (null for a view), its floats, and where it lies in its allocation.</summary>
    private sealed record Entry(MemoryBuffer1D<float, Stride1D.Dense>? Owner, ArrayView<float> View, ulong Root, long Start);

    /// <summary>The accelerator (null on a simulated GPU).</summary>
    internal Accelerator Accelerator { get; } = null!;
    internal KernelLoader Loader { get; }

    public IlgpuDeviceOptions Options { get; }

    /// <summary>The launch record of a simulated GPU; null on a real accelerator.</summary>
    public LaunchSimulator? Simulator { get; }

    /// <summary>Whether the products run in TF32: a CUDA GPU of sm_80 or later, real or simulated, unless FP32 is asked for; or
    /// ILGPU's CPU accelerator opened for TF32, which emulates the tensor-core instructions.</summary>
    public bool UsesTf32 { get; }

    public override bool ProductsInTf32 => UsesTf32;

    public IlgpuDevice(DeviceInfo info, IlgpuDeviceOptions? options = null) : base(info)
    {
        Options = options ??= new IlgpuDeviceOptions();
        if (options.Simulate is { } limits)
        {
            Simulator = new LaunchSimulator(limits);
            Loader = new KernelLoader(Simulator);
            UsesTf32 = (options.Precision ?? GemmPrecision.Tf32) == GemmPrecision.Tf32 && limits.ComputeCapability >= 80;
        }
        else
        {
            (_context, Accelerator) = info.Backend switch
            {
                Backend.IlgpuCpu => CreateCpu(),
                Backend.Cuda => Create(b => b.Cuda(), c => c.CreateCudaAccelerator(info.Index)),
                Backend.OpenCl => Create(b => b.OpenCL(), c => c.CreateCLAccelerator(info.Index)),
                _ => throw new ArgumentException($"{info.Id} is not an ILGPU device"),
            };
            string target = Accelerator is CudaAccelerator cuda ? $"{info.Name} ({cuda.Architecture})" : info.Name;
            Loader = new KernelLoader(Accelerator, options.Sync, target);
            // TF32 tensor cores from sm_80 by default. ILGPU's CPU accelerator runs the same kernel with the instructions
            // emulated (fragments exchanged by warp shuffles, so that CI checks them) when TF32 is asked for explicitly:
            // the emulation is slow, so its default is FP32.
            UsesTf32 = Accelerator is CPUAccelerator
                ? options.Precision == GemmPrecision.Tf32
                : (options.Precision ?? GemmPrecision.Tf32) == GemmPrecision.Tf32
                  && Accelerator is CudaAccelerator { Architecture: { } arch } && arch >= CudaArchitecture.SM_80;
        }
        _kernels = new IlgpuKernelSet(this);
    }

    /// <summary>A GPU of <paramref name="limits"/> that runs nothing and records every launch (the launch audit's device).</summary>
    public static IlgpuDevice Simulated(GpuLimits limits, GemmPrecision precision = GemmPrecision.Tf32) =>
        new(new DeviceInfo(Backend.Cuda, 0, limits.Name, DeviceType.Gpu, limits.Multiprocessors, limits.MemoryBytes,
            $"simulated sm_{limits.ComputeCapability}", "simulated", limits.MaxThreadsPerBlock, limits.MaxStaticSharedBytes),
            new IlgpuDeviceOptions(precision, Simulate: limits));

    protected override IDeviceKernels OwnKernels => _kernels;

    private static (Context, Accelerator) CreateCpu()
    {
        var context = Context.Create(b => b.CPU(CPUDeviceKind.Nvidia).Optimize(OptimizationLevel.O1).Profiling());
        return (context, context.CreateCPUAccelerator(0, CPUAcceleratorMode.Parallel));
    }

    private static (Context, Accelerator) Create(Func<Context.Builder, Context.Builder> accelerators, Func<Context, Accelerator> open)
    {
        // ILGPU.Algorithms supplies the GPU forms of MathF.Exp / MathF.Log that the kernels call.
        // Profiling: the stream's markers time kernels on the device's own clock (grn profile).
        var context = Context.Create(b => accelerators(b).Optimize(OptimizationLevel.O2).EnableAlgorithms().Profiling());
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

    /// <summary>The CUDA and OpenCL devices ILGPU finds (cuda:N, opencl:N), or a note per backend saying why none.</summary>
    public static void Discover(List<DeviceInfo> devices, List<string> notes)
    {
        try
        {
            using var context = Context.Create(b => b.Cuda().OpenCL());
            int cuda = 0, cl = 0;
            int skipped = 0;
            foreach (var device in context)
            {
                // OpenCL through ILGPU needs a GPU with OpenCL 2.0's generic address space (PoCL and NVIDIA's OpenCL have none;
                // CPUs run the cpu device, NVIDIA GPUs the CUDA backend).
                if (device is CLDevice cl2 && (cl2.DeviceType != CLDeviceType.CL_DEVICE_TYPE_GPU || !cl2.Capabilities.GenericAddressSpace))
                {
                    skipped++;
                    continue;
                }
                var (backend, index) = device.AcceleratorType switch
                {
                    AcceleratorType.Cuda => (Backend.Cuda, cuda++),
                    AcceleratorType.OpenCL => (Backend.OpenCl, cl++),
                    _ => (Backend.IlgpuCpu, -1),
                };
                if (index < 0) continue;
                devices.Add(new DeviceInfo(backend, index, device.Name, DeviceType.Gpu, device.NumMultiprocessors, device.MemorySize,
                    $"ILGPU {typeof(Context).Assembly.GetName().Version}", backend == Backend.Cuda ? "ILGPU CUDA" : "ILGPU OpenCL",
                    device.MaxNumThreadsPerGroup, device.MaxSharedMemoryPerGroup));
            }
            if (cuda == 0) notes.Add("CUDA: no NVIDIA GPU or driver found");
            if (cl == 0) notes.Add(skipped > 0 ? $"OpenCL: {skipped} device(s) found, none a GPU with OpenCL 2.0's generic address space" : "OpenCL: no OpenCL 2.0+ GPU found");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            notes.Add($"CUDA: {e.Message}");
            notes.Add($"OpenCL: {e.Message}");
        }
    }

    /// <summary>A buffer's floats as an ILGPU view.</summary>
    internal ArrayView<float> ViewOf(DeviceBuffer buffer)
    {
        if (buffer.Device != this) throw new ArgumentException($"buffer of {buffer.Device} used on {this}");
        if (Simulator != null) return default;   // nothing runs: the kernels' arguments are never read
        lock (_buffers) return _buffers[buffer.Handle].View;
    }

    protected internal override DeviceBuffer AllocateBuffer(long bytes)
    {
        long floats = Math.Max(1, (bytes + sizeof(float) - 1) / sizeof(float));
        if (Simulator != null)
        {
            if (bytes > Info.GlobalMemoryBytes)
                throw new OutOfDeviceMemoryException($"{Info.Id} could not allocate {bytes:N0} bytes ({bytes / 1e9:F2} GB)");
            lock (_buffers) return new DeviceBuffer(this, bytes, ++_nextHandle);
        }
        MemoryBuffer1D<float, Stride1D.Dense> memory;
        try { memory = Accelerator.Allocate1D<float>(floats); }
        catch (Exception e) when (e is OutOfMemoryException or AcceleratorException or InvalidOperationException)
        {
            throw new OutOfDeviceMemoryException($"{Info.Id} could not allocate {bytes:N0} bytes ({bytes / 1e9:F2} GB) with {FreeBytes():N0} bytes free: {e.Message}");
        }
        lock (_buffers)
        {
            ulong handle = ++_nextHandle;
            _buffers[handle] = new Entry(memory, memory.View, handle, 0);
            return new DeviceBuffer(this, bytes, handle);
        }
    }

    /// <summary>The device's free memory as its driver reports it (CUDA), else its memory less what this process's pool holds.</summary>
    private long FreeBytes()
    {
        if (Accelerator is CudaAccelerator cuda)
            try { return cuda.GetFreeMemory(); }
            catch (Exception e) when (e is AcceleratorException or InvalidOperationException) { }
        return Math.Max(0, Info.GlobalMemoryBytes - Pool.BytesInUse - Pool.BytesCached);
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
        if (Simulator != null)
            lock (_buffers) return new DeviceBuffer(this, count * sizeof(float), ++_nextHandle, parent: parent);
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
        if (src.Length > 0 && Simulator == null) Range(dst, dstOffset, src.Length).CopyFromCPU(Accelerator.DefaultStream, src);
    }

    public override void Read(DeviceBuffer src, long srcOffset, Span<float> dst)
    {
        CheckRange(src, srcOffset, dst.Length, "read");
        if (dst.Length == 0) return;
        if (Simulator != null)
        {
            Simulator.Read(dst.Length);
            dst.Clear();
            return;
        }
        Range(src, srcOffset, dst.Length).CopyToCPU(Accelerator.DefaultStream, dst);
        Accelerator.DefaultStream.Synchronize();
    }

    public override void Copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long count)
    {
        CheckRange(src, srcOffset, count, "copy source");
        CheckRange(dst, dstOffset, count, "copy destination");
        if (count == 0 || Simulator != null) return;
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
        if (count > 0) _kernels.Fill(Simulator != null ? default : Range(dst, dstOffset, count), value, checked((int)count));
    }

    public override void Synchronize()
    {
        if (Simulator == null) Accelerator.Synchronize();
    }

    /// <summary>A profiling marker on the stream: kernels are timed on the device's own clock (CUDA events, OpenCL markers).</summary>
    public override TimingEvent Record() =>
        Simulator != null ? new HostTimingEvent() : new MarkerTimingEvent(Accelerator.DefaultStream.AddProfilingMarker());

    private sealed class MarkerTimingEvent(ProfilingMarker marker) : TimingEvent
    {
        public override double MillisecondsSince(TimingEvent start)
        {
            marker.Synchronize();
            return marker.MeasureFrom(((MarkerTimingEvent)start).Marker).TotalMilliseconds;
        }

        private ProfilingMarker Marker => marker;

        public override void Dispose()
        {
            marker.Dispose();
            base.Dispose();
        }
    }

    /// <summary>Scratch of at least n floats that lives until the next call with the same slot (stream order makes reuse safe).</summary>
    internal ArrayView<float> Scratch(int slot, long n)
    {
        if (Simulator != null) return default;
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
        if (Simulator != null) return;
        Accelerator.Synchronize();
        foreach (var s in _scratch) s?.Dispose();
        lock (_buffers)
        {
            foreach (var e in _buffers.Values) e.Owner?.Dispose();
            _buffers.Clear();
        }
        Accelerator.Dispose();
        _context?.Dispose();
    }
}
