using System.Text;
using GrnGpu.Engine.Native;
using GrnGpu.Kernels;

namespace GrnGpu.Engine.Devices;

/// <summary>An OpenCL device (GPU, CPU or accelerator of any vendor): one context, one profiling in-order queue.</summary>
public sealed unsafe class OpenClDevice : GpuDevice
{
    private readonly OpenClApi _cl;
    private readonly nint _device;
    private readonly nint _context;
    private readonly nint _queue;

    public override KernelTarget Target => KernelTarget.OpenCl;

    internal OpenClDevice(OpenClApi cl, nint device, DeviceInfo info) : base(info)
    {
        _cl = cl;
        _device = device;
        int err;
        nint dev = device;
        _context = cl.clCreateContext(null, 1, &dev, 0, 0, &err);
        OpenClApi.Check(err, "clCreateContext");
        _queue = cl.clCreateCommandQueue(_context, device, OpenClApi.CL_QUEUE_PROFILING_ENABLE, &err);
        OpenClApi.Check(err, "clCreateCommandQueue");
        ViewAlignmentFloats = Math.Max(64, (int)(cl.DeviceValue<uint>(device, OpenClApi.CL_DEVICE_MEM_BASE_ADDR_ALIGN) / 8 / sizeof(float)));
        if (info.Type == DeviceType.Cpu) HostHeap.MapLargeBlocks();   // its buffers come from this process's C heap
    }

    /// <summary>Describes one device for the inventory.</summary>
    internal static DeviceInfo Describe(OpenClApi cl, nint platform, nint device, int index)
    {
        ulong type = cl.DeviceValue<ulong>(device, OpenClApi.CL_DEVICE_TYPE);
        var kind = (type & OpenClApi.CL_DEVICE_TYPE_GPU) != 0 ? DeviceType.Gpu
            : (type & OpenClApi.CL_DEVICE_TYPE_CPU) != 0 ? DeviceType.Cpu : DeviceType.Accelerator;
        return new DeviceInfo(
            Backend.OpenCl, index,
            cl.DeviceString(device, OpenClApi.CL_DEVICE_NAME),
            kind,
            (int)cl.DeviceValue<uint>(device, OpenClApi.CL_DEVICE_MAX_COMPUTE_UNITS),
            (long)cl.DeviceValue<ulong>(device, OpenClApi.CL_DEVICE_GLOBAL_MEM_SIZE),
            $"{string.Join(' ', cl.DeviceString(device, OpenClApi.CL_DEVICE_VERSION).Split(' ').Take(2))}, driver {cl.DeviceString(device, OpenClApi.CL_DRIVER_VERSION)}",
            cl.PlatformString(platform, OpenClApi.CL_PLATFORM_NAME),
            (int)cl.DeviceValue<nuint>(device, OpenClApi.CL_DEVICE_MAX_WORK_GROUP_SIZE),
            (long)cl.DeviceValue<ulong>(device, OpenClApi.CL_DEVICE_LOCAL_MEM_SIZE),
            (int)cl.DeviceValue<uint>(device, OpenClApi.CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT));
    }

    protected internal override DeviceBuffer AllocateBuffer(long bytes)
    {
        int err;
        nint mem = _cl.clCreateBuffer(_context, OpenClApi.CL_MEM_READ_WRITE, (nuint)Math.Max(bytes, 4), null, &err);
        OpenClApi.Check(err, $"clCreateBuffer ({bytes} bytes)");
        return new DeviceBuffer(this, bytes, (ulong)mem);
    }

    protected internal override void FreeBuffer(DeviceBuffer buffer) =>
        OpenClApi.Check(_cl.clReleaseMemObject((nint)buffer.Handle), "clReleaseMemObject");

    /// <summary>Sub-buffer origins must be aligned to CL_DEVICE_MEM_BASE_ADDR_ALIGN (reported in bits).</summary>
    public override int ViewAlignmentFloats { get; }

    protected override DeviceBuffer CreateView(DeviceBuffer parent, long offset, long count)
    {
        nuint* region = stackalloc nuint[2] { (nuint)(offset * sizeof(float)), (nuint)(Math.Max(count, 1) * sizeof(float)) };
        int err;
        nint sub = _cl.clCreateSubBuffer((nint)parent.Handle, OpenClApi.CL_MEM_READ_WRITE, OpenClApi.CL_BUFFER_CREATE_TYPE_REGION, region, &err);
        OpenClApi.Check(err, "clCreateSubBuffer");
        return new DeviceBuffer(this, count * sizeof(float), (ulong)sub, parent: parent);
    }

    public override void ReleaseView(DeviceBuffer view) =>
        OpenClApi.Check(_cl.clReleaseMemObject((nint)view.Handle), "clReleaseMemObject (view)");

    public override void Write(DeviceBuffer dst, long dstOffset, ReadOnlySpan<float> src)
    {
        CheckRange(dst, dstOffset, src.Length, "write");
        if (src.IsEmpty) return;
        fixed (float* p = src)
            OpenClApi.Check(_cl.clEnqueueWriteBuffer(_queue, (nint)dst.Handle, 1, (nuint)(dstOffset * 4), (nuint)(src.Length * 4L), p, 0, null, null), "clEnqueueWriteBuffer");
    }

    public override void Read(DeviceBuffer src, long srcOffset, Span<float> dst)
    {
        CheckRange(src, srcOffset, dst.Length, "read");
        if (dst.IsEmpty) return;
        fixed (float* p = dst)
            OpenClApi.Check(_cl.clEnqueueReadBuffer(_queue, (nint)src.Handle, 1, (nuint)(srcOffset * 4), (nuint)(dst.Length * 4L), p, 0, null, null), "clEnqueueReadBuffer");
    }

    public override void Copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long count)
    {
        CheckRange(src, srcOffset, count, "copy source");
        CheckRange(dst, dstOffset, count, "copy destination");
        if (count == 0) return;
        OpenClApi.Check(_cl.clEnqueueCopyBuffer(_queue, (nint)src.Handle, (nint)dst.Handle, (nuint)(srcOffset * 4), (nuint)(dstOffset * 4), (nuint)(count * 4), 0, null, null), "clEnqueueCopyBuffer");
    }

    public override void Fill(DeviceBuffer dst, long dstOffset, long count, float value)
    {
        CheckRange(dst, dstOffset, count, "fill");
        if (count == 0) return;
        OpenClApi.Check(_cl.clEnqueueFillBuffer(_queue, (nint)dst.Handle, &value, 4, (nuint)(dstOffset * 4), (nuint)(count * 4), 0, null, null), "clEnqueueFillBuffer");
    }

    public override void Synchronize() => OpenClApi.Check(_cl.clFinish(_queue), "clFinish");

    public override TimingEvent Record()
    {
        nint ev;
        OpenClApi.Check(_cl.clEnqueueMarkerWithWaitList(_queue, 0, null, &ev), "clEnqueueMarkerWithWaitList");
        return new OpenClTimingEvent(_cl, ev);
    }

    protected override GpuProgram Build(string fileName, string source, IReadOnlyList<string> defines)
    {
        string options = string.Join(' ', new[] { "-cl-std=CL1.2" }.Concat(defines.Select(d => "-D " + d)));
        string key = ProgramDiskCache.Key("opencl", Info.Platform, Info.Name, Info.DriverVersion, options, source);
        var cached = ProgramDiskCache.TryLoad(key);
        if (cached != null && TryBuildFromBinary(cached, options) is { } fromBinary)
            return new OpenClProgram(_cl, fileName, fromBinary);

        nint program = FromSource(source);
        int status = BuildProgram(program, options);
        if (status == OpenClApi.CL_BUILD_PROGRAM_FAILURE)
        {
            string log = BuildLog(program);
            _cl.clReleaseProgram(program);
            throw new KernelCompileException(fileName, $"OpenCL device {Info.Name}", log);
        }
        OpenClApi.Check(status, $"clBuildProgram ({fileName})");
        if (Binary(program) is { } binary) ProgramDiskCache.TryStore(key, binary);
        return new OpenClProgram(_cl, fileName, program);
    }

    private nint FromSource(string source)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        int err;
        nint program;
        fixed (byte* p = bytes)
        {
            byte* s = p;
            nuint length = (nuint)bytes.Length;
            program = _cl.clCreateProgramWithSource(_context, 1, &s, &length, &err);
        }
        OpenClApi.Check(err, "clCreateProgramWithSource");
        return program;
    }

    private int BuildProgram(nint program, string options)
    {
        var opts = Encoding.UTF8.GetBytes(options + "\0");
        nint dev = _device;
        fixed (byte* o = opts) return _cl.clBuildProgram(program, 1, &dev, o, 0, 0);
    }

    private nint? TryBuildFromBinary(byte[] binary, string options)
    {
        int err, binaryStatus;
        nint program;
        nint dev = _device;
        nuint length = (nuint)binary.Length;
        fixed (byte* p = binary)
        {
            byte* b = p;
            program = _cl.clCreateProgramWithBinary(_context, 1, &dev, &length, &b, &binaryStatus, &err);
        }
        if (err != OpenClApi.CL_SUCCESS || binaryStatus != OpenClApi.CL_SUCCESS) return null;
        if (BuildProgram(program, options) == OpenClApi.CL_SUCCESS) return program;
        _cl.clReleaseProgram(program);
        return null;
    }

    private byte[]? Binary(nint program)
    {
        nuint size;
        if (_cl.clGetProgramInfo(program, OpenClApi.CL_PROGRAM_BINARY_SIZES, (nuint)sizeof(nuint), &size, null) != OpenClApi.CL_SUCCESS || size == 0)
            return null;
        var binary = new byte[(int)size];
        fixed (byte* p = binary)
        {
            byte* b = p;
            if (_cl.clGetProgramInfo(program, OpenClApi.CL_PROGRAM_BINARIES, (nuint)sizeof(nint), &b, null) != OpenClApi.CL_SUCCESS)
                return null;
        }
        return binary;
    }

    private string BuildLog(nint program)
    {
        nuint size;
        if (_cl.clGetProgramBuildInfo(program, _device, OpenClApi.CL_PROGRAM_BUILD_LOG, 0, null, &size) != OpenClApi.CL_SUCCESS) return "(no build log)";
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes) _cl.clGetProgramBuildInfo(program, _device, OpenClApi.CL_PROGRAM_BUILD_LOG, size, p, null);
        return NativeApi.CString(bytes);
    }

    protected override void LaunchCore(GpuKernel kernel, Dim3 groups, Dim3 groupSize, ReadOnlySpan<KernelArg> args)
    {
        nuint* global = stackalloc nuint[3] { (nuint)((long)groups.X * groupSize.X), (nuint)((long)groups.Y * groupSize.Y), (nuint)((long)groups.Z * groupSize.Z) };
        nuint* local = stackalloc nuint[3] { (nuint)groupSize.X, (nuint)groupSize.Y, (nuint)groupSize.Z };
        // Arguments are state of the kernel object: setting them and enqueueing must not interleave.
        lock (kernel)
        {
            for (int i = 0; i < args.Length; i++)
            {
                var a = args[i];
                int status;
                switch (a.Kind)
                {
                    case KernelArgKind.Buffer:
                        nint mem = (nint)a.Buffer!.Handle;
                        status = _cl.clSetKernelArg(kernel.Handle, (uint)i, (nuint)sizeof(nint), &mem);
                        break;
                    case KernelArgKind.Int:
                        int iv = a.Int;
                        status = _cl.clSetKernelArg(kernel.Handle, (uint)i, 4, &iv);
                        break;
                    default:
                        float fv = a.Float;
                        status = _cl.clSetKernelArg(kernel.Handle, (uint)i, 4, &fv);
                        break;
                }
                OpenClApi.Check(status, $"clSetKernelArg ({kernel.Name}, argument {i})");
            }
            OpenClApi.Check(_cl.clEnqueueNDRangeKernel(_queue, kernel.Handle, 3, null, global, local, 0, null, null), $"clEnqueueNDRangeKernel ({kernel.Name})");
        }
    }

    protected override void ReleaseNative()
    {
        base.ReleaseNative();
        _cl.clReleaseCommandQueue(_queue);
        _cl.clReleaseContext(_context);
    }

    private sealed class OpenClProgram(OpenClApi cl, string fileName, nint program) : GpuProgram(fileName)
    {
        protected override GpuKernel CreateKernel(string entry)
        {
            var name = Encoding.UTF8.GetBytes(entry + "\0");
            int err;
            nint kernel;
            fixed (byte* n = name) kernel = cl.clCreateKernel(program, n, &err);
            OpenClApi.Check(err, $"clCreateKernel ({entry} in {FileName})");
            return new OpenClKernel(cl, entry, kernel);
        }

        protected override void ReleaseProgram() => cl.clReleaseProgram(program);
    }

    private sealed class OpenClKernel(OpenClApi cl, string name, nint handle) : GpuKernel(name, handle)
    {
        protected internal override void Release() => cl.clReleaseKernel(Handle);
    }

    private sealed class OpenClTimingEvent(OpenClApi cl, nint ev) : TimingEvent
    {
        private ulong EndNanoseconds()
        {
            nint e = ev;
            OpenClApi.Check(cl.clWaitForEvents(1, &e), "clWaitForEvents");
            ulong t;
            OpenClApi.Check(cl.clGetEventProfilingInfo(ev, OpenClApi.CL_PROFILING_COMMAND_END, 8, &t, null), "clGetEventProfilingInfo");
            return t;
        }

        public override double MillisecondsSince(TimingEvent start) =>
            (EndNanoseconds() - (double)((OpenClTimingEvent)start).EndNanoseconds()) / 1e6;

        public override void Dispose()
        {
            cl.clReleaseEvent(ev);
            base.Dispose();
        }
    }
}
