using System.Text;
using GrnGpu.Engine.Native;
using GrnGpu.Kernels;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// An NVIDIA GPU through the CUDA driver API: the device's primary context, one blocking stream, kernels
/// compiled by NVRTC to CUBIN for the device's own architecture (PTX where NVRTC does not know it) and loaded
/// as modules.
/// </summary>
public sealed unsafe class CudaDevice : GpuDevice
{
    private readonly CudaApi _cu;
    private readonly int _device;
    private readonly nint _context;
    private readonly nint _stream;

    /// <summary>Compute capability as one number: 90 for 9.0.</summary>
    public int ComputeCapability { get; }

    /// <summary>The driver's CUDA version as cuDriverGetVersion reports it: 12040 for 12.4.</summary>
    public int DriverVersion { get; }

    public override bool HasTf32TensorCores => ComputeCapability >= 80;

    /// <summary>CUDA limits the grid's y and z dimensions to 65535 blocks.</summary>
    public override Dim3 MaxGroups => new(int.MaxValue, 65535, 65535);

    public override KernelTarget Target => KernelTarget.Cuda;

    internal CudaDevice(CudaApi cu, int ordinal, DeviceInfo info) : base(info)
    {
        _cu = cu;
        int device;
        cu.Check(cu.cuDeviceGet(&device, ordinal), "cuDeviceGet");
        _device = device;
        nint context;
        cu.Check(cu.cuDevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
        _context = context;
        Bind();
        nint stream;
        // Flag 0: a blocking stream, ordered with the synchronous copies issued on the legacy default stream.
        cu.Check(cu.cuStreamCreate(&stream, 0), "cuStreamCreate");
        _stream = stream;
        int driver;
        cu.Check(cu.cuDriverGetVersion(&driver), "cuDriverGetVersion");
        DriverVersion = driver;
        ComputeCapability = cu.Attribute(device, CudaApi.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) * 10
            + cu.Attribute(device, CudaApi.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
    }

    internal static DeviceInfo Describe(CudaApi cu, int ordinal)
    {
        int device, driver;
        cu.Check(cu.cuDeviceGet(&device, ordinal), "cuDeviceGet");
        var name = new byte[256];
        fixed (byte* p = name) cu.Check(cu.cuDeviceGetName(p, name.Length, device), "cuDeviceGetName");
        nuint memory;
        cu.Check(cu.cuDeviceTotalMem(&memory, device), "cuDeviceTotalMem");
        cu.Check(cu.cuDriverGetVersion(&driver), "cuDriverGetVersion");
        int major = cu.Attribute(device, CudaApi.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        int minor = cu.Attribute(device, CudaApi.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        return new DeviceInfo(
            Backend.Cuda, ordinal, NativeApi.CString(name), DeviceType.Gpu,
            cu.Attribute(device, CudaApi.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
            (long)memory,
            $"CUDA driver {driver / 1000}.{driver % 1000 / 10}, sm_{major}{minor}",
            "CUDA",
            cu.Attribute(device, CudaApi.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK),
            cu.Attribute(device, CudaApi.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK));
    }

    /// <summary>Makes this device's context current on the calling thread (cheap; tests and loaders use several threads).</summary>
    private void Bind() => _cu.Check(_cu.cuCtxSetCurrent(_context), "cuCtxSetCurrent");

    protected internal override DeviceBuffer AllocateBuffer(long bytes)
    {
        Bind();
        ulong ptr;
        _cu.Check(_cu.cuMemAlloc(&ptr, (nuint)Math.Max(bytes, 4)), $"cuMemAlloc ({bytes} bytes)");
        return new DeviceBuffer(this, bytes, ptr);
    }

    protected internal override void FreeBuffer(DeviceBuffer buffer)
    {
        Bind();
        _cu.Check(_cu.cuMemFree(buffer.Handle), "cuMemFree");
    }

    protected override DeviceBuffer CreateView(DeviceBuffer parent, long offset, long count) =>
        new(this, count * sizeof(float), parent.Handle + (ulong)(offset * sizeof(float)), parent: parent);

    public override void Write(DeviceBuffer dst, long dstOffset, ReadOnlySpan<float> src)
    {
        CheckRange(dst, dstOffset, src.Length, "write");
        if (src.IsEmpty) return;
        Bind();
        fixed (float* p = src) _cu.Check(_cu.cuMemcpyHtoD(dst.Handle + (ulong)(dstOffset * 4), p, (nuint)(src.Length * 4L)), "cuMemcpyHtoD");
    }

    public override void Read(DeviceBuffer src, long srcOffset, Span<float> dst)
    {
        CheckRange(src, srcOffset, dst.Length, "read");
        if (dst.IsEmpty) return;
        Bind();
        fixed (float* p = dst) _cu.Check(_cu.cuMemcpyDtoH(p, src.Handle + (ulong)(srcOffset * 4), (nuint)(dst.Length * 4L)), "cuMemcpyDtoH");
    }

    public override void Copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long count)
    {
        CheckRange(src, srcOffset, count, "copy source");
        CheckRange(dst, dstOffset, count, "copy destination");
        if (count == 0) return;
        Bind();
        _cu.Check(_cu.cuMemcpyDtoDAsync(dst.Handle + (ulong)(dstOffset * 4), src.Handle + (ulong)(srcOffset * 4), (nuint)(count * 4), _stream), "cuMemcpyDtoDAsync");
    }

    public override void Fill(DeviceBuffer dst, long dstOffset, long count, float value)
    {
        CheckRange(dst, dstOffset, count, "fill");
        if (count == 0) return;
        Bind();
        uint bits = BitConverter.SingleToUInt32Bits(value);
        _cu.Check(_cu.cuMemsetD32Async(dst.Handle + (ulong)(dstOffset * 4), bits, (nuint)count, _stream), "cuMemsetD32Async");
    }

    public override void Synchronize()
    {
        Bind();
        _cu.Check(_cu.cuStreamSynchronize(_stream), "cuStreamSynchronize");
    }

    public override TimingEvent Record()
    {
        Bind();
        nint ev;
        _cu.Check(_cu.cuEventCreate(&ev, 0), "cuEventCreate");
        _cu.Check(_cu.cuEventRecord(ev, _stream), "cuEventRecord");
        return new CudaTimingEvent(this, ev);
    }

    protected override GpuProgram Build(string fileName, string source, IReadOnlyList<string> defines)
    {
        var output = NvrtcCompiler.CompileForDevice(fileName, source, ComputeCapability, defines);
        Bind();
        // cuModuleLoadDataEx with the JIT's error log: a PTX image the driver cannot compile says why.
        const int LogBytes = 8192;
        var errorLog = new byte[LogBytes];
        nint module;
        int status;
        fixed (byte* image = output.Image, log = errorLog)
        {
            int* options = stackalloc int[2] { CudaApi.CU_JIT_ERROR_LOG_BUFFER, CudaApi.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES };
            void** values = stackalloc void*[2] { log, (void*)(nint)LogBytes };
            status = _cu.cuModuleLoadDataEx(&module, image, 2, options, values);
        }
        if (status != CudaApi.CUDA_SUCCESS)
            throw new GrnException(ModuleLoadError(fileName, status, _cu.ErrorName(status), output.IsCubin, output.Arch,
                NvrtcCompiler.Version, DriverVersion, ComputeCapability, NativeApi.CString(errorLog)));
        return new CudaProgram(this, fileName, module);
    }

    /// <summary>
    /// The message for a module that does not load. A PTX version error means NVRTC is newer than the driver (the
    /// driver's JIT cannot read its PTX): say which versions met and what to install.
    /// </summary>
    public static string ModuleLoadError(string fileName, int status, string statusName, bool cubin, int arch,
        string nvrtcVersion, int driverVersion, int computeCapability, string jitLog)
    {
        string driver = $"{driverVersion / 1000}.{driverVersion % 1000 / 10}";
        string image = cubin ? $"CUBIN for sm_{arch}" : $"PTX for compute_{arch}";
        string message = $"CUDA cuModuleLoadDataEx ({fileName}, {image}) failed: {statusName} ({status})";
        if (status is CudaApi.CUDA_ERROR_UNSUPPORTED_PTX_VERSION or CudaApi.CUDA_ERROR_INVALID_PTX or CudaApi.CUDA_ERROR_NO_BINARY_FOR_GPU)
            message += $". NVRTC {nvrtcVersion} produced code that the CUDA {driver} driver cannot load for sm_{computeCapability}"
                + (cubin ? "" : $" (this NVRTC cannot emit CUBIN for sm_{computeCapability}, so the driver must JIT-compile PTX, which needs a driver at least as new as NVRTC)")
                + $". Install an NVRTC no newer than CUDA {driver} (e.g. CUDA_PATH pointing at a matching toolkit, or Debian's libnvrtc11.2 for 11.x drivers), or update the NVIDIA driver";
        if (!string.IsNullOrWhiteSpace(jitLog)) message += $". JIT log: {jitLog.Trim()}";
        return message;
    }

    protected override void LaunchCore(GpuKernel kernel, Dim3 groups, Dim3 groupSize, ReadOnlySpan<KernelArg> args)
    {
        // cuLaunchKernel takes an array of pointers to the argument values.
        ulong* values = stackalloc ulong[args.Length];
        void** pointers = stackalloc void*[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            switch (a.Kind)
            {
                case KernelArgKind.Buffer: values[i] = a.Buffer!.Handle; break;
                case KernelArgKind.Int: *(int*)&values[i] = a.Int; break;
                default: *(float*)&values[i] = a.Float; break;
            }
            pointers[i] = &values[i];
        }
        Bind();
        _cu.Check(_cu.cuLaunchKernel(kernel.Handle, (uint)groups.X, (uint)groups.Y, (uint)groups.Z,
            (uint)groupSize.X, (uint)groupSize.Y, (uint)groupSize.Z, 0, _stream, pointers, null), $"cuLaunchKernel ({kernel.Name})");
    }

    protected override void ReleaseNative()
    {
        Bind();
        base.ReleaseNative();
        _cu.cuStreamDestroy(_stream);
        _cu.cuDevicePrimaryCtxRelease(_device);
    }

    private sealed class CudaProgram(CudaDevice owner, string fileName, nint module) : GpuProgram(fileName)
    {
        protected override GpuKernel CreateKernel(string entry)
        {
            owner.Bind();
            var name = Encoding.UTF8.GetBytes(entry + "\0");
            nint function;
            fixed (byte* n = name) owner._cu.Check(owner._cu.cuModuleGetFunction(&function, module, n), $"cuModuleGetFunction ({entry} in {FileName})");
            return new CudaKernel(entry, function);
        }

        protected override void ReleaseProgram()
        {
            owner.Bind();
            owner._cu.cuModuleUnload(module);
        }
    }

    private sealed class CudaKernel(string name, nint handle) : GpuKernel(name, handle)
    {
        protected internal override void Release() { }
    }

    private sealed class CudaTimingEvent(CudaDevice owner, nint ev) : TimingEvent
    {
        public override double MillisecondsSince(TimingEvent start)
        {
            owner.Bind();
            owner._cu.Check(owner._cu.cuEventSynchronize(ev), "cuEventSynchronize");
            float ms;
            owner._cu.Check(owner._cu.cuEventElapsedTime(&ms, ((CudaTimingEvent)start).Handle, ev), "cuEventElapsedTime");
            return ms;
        }

        private nint Handle => ev;

        public override void Dispose()
        {
            owner.Bind();
            owner._cu.cuEventDestroy(ev);
            base.Dispose();
        }
    }
}
