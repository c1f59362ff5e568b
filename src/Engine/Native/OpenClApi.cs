using System.Runtime.InteropServices;

namespace GrnGpu.Engine.Native;

/// <summary>
/// The OpenCL 1.2 entry points the engine uses, bound from libOpenCL.so.1 (the ICD loader, any vendor).
/// Every call goes through <see cref="Check"/>, which names the call and the status on failure.
/// </summary>
internal sealed unsafe class OpenClApi
{
    public const int CL_SUCCESS = 0;
    public const int CL_PLATFORM_NOT_FOUND_KHR = -1001;
    public const int CL_DEVICE_NOT_FOUND = -1;
    public const int CL_BUILD_PROGRAM_FAILURE = -11;
    public const ulong CL_DEVICE_TYPE_CPU = 2, CL_DEVICE_TYPE_GPU = 4, CL_DEVICE_TYPE_ACCELERATOR = 8, CL_DEVICE_TYPE_ALL = 0xFFFFFFFF;
    public const uint CL_PLATFORM_VERSION = 0x0901, CL_PLATFORM_NAME = 0x0902, CL_PLATFORM_VENDOR = 0x0903;
    public const uint CL_DEVICE_TYPE = 0x1000, CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002, CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004;
    public const uint CL_DEVICE_MAX_CLOCK_FREQUENCY = 0x100C, CL_DEVICE_MAX_MEM_ALLOC_SIZE = 0x1010;
    public const uint CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F, CL_DEVICE_LOCAL_MEM_SIZE = 0x1023;
    public const uint CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT = 0x100A;
    public const uint CL_DEVICE_NAME = 0x102B, CL_DEVICE_VENDOR = 0x102C, CL_DRIVER_VERSION = 0x102D, CL_DEVICE_VERSION = 0x102F;
    public const ulong CL_MEM_READ_WRITE = 1;
    public const uint CL_DEVICE_MEM_BASE_ADDR_ALIGN = 0x1019;
    public const uint CL_BUFFER_CREATE_TYPE_REGION = 0x1220;
    public const ulong CL_QUEUE_PROFILING_ENABLE = 2;
    public const uint CL_PROGRAM_BINARY_SIZES = 0x1165, CL_PROGRAM_BINARIES = 0x1166, CL_PROGRAM_BUILD_LOG = 0x1183;
    public const uint CL_PROFILING_COMMAND_END = 0x1283;
    public const uint CL_KERNEL_WORK_GROUP_SIZE = 0x11B0;

    public delegate* unmanaged<uint, nint*, uint*, int> clGetPlatformIDs;
    public delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> clGetPlatformInfo;
    public delegate* unmanaged<nint, ulong, uint, nint*, uint*, int> clGetDeviceIDs;
    public delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> clGetDeviceInfo;
    public delegate* unmanaged<nint*, uint, nint*, nint, nint, int*, nint> clCreateContext;
    public delegate* unmanaged<nint, nint, ulong, int*, nint> clCreateCommandQueue;
    public delegate* unmanaged<nint, ulong, nuint, void*, int*, nint> clCreateBuffer;
    public delegate* unmanaged<nint, ulong, uint, void*, int*, nint> clCreateSubBuffer;
    public delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int> clEnqueueWriteBuffer;
    public delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int> clEnqueueReadBuffer;
    public delegate* unmanaged<nint, nint, nint, nuint, nuint, nuint, uint, nint*, nint*, int> clEnqueueCopyBuffer;
    public delegate* unmanaged<nint, nint, void*, nuint, nuint, nuint, uint, nint*, nint*, int> clEnqueueFillBuffer;
    public delegate* unmanaged<nint, uint, byte**, nuint*, int*, nint> clCreateProgramWithSource;
    public delegate* unmanaged<nint, uint, nint*, nuint*, byte**, int*, int*, nint> clCreateProgramWithBinary;
    public delegate* unmanaged<nint, uint, nint*, byte*, nint, nint, int> clBuildProgram;
    public delegate* unmanaged<nint, nint, uint, nuint, void*, nuint*, int> clGetProgramBuildInfo;
    public delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> clGetProgramInfo;
    public delegate* unmanaged<nint, byte*, int*, nint> clCreateKernel;
    public delegate* unmanaged<nint, uint, nuint, void*, int> clSetKernelArg;
    public delegate* unmanaged<nint, nint, uint, nuint, void*, nuint*, int> clGetKernelWorkGroupInfo;
    public delegate* unmanaged<nint, nint, uint, nuint*, nuint*, nuint*, uint, nint*, nint*, int> clEnqueueNDRangeKernel;
    public delegate* unmanaged<nint, uint, nint*, nint*, int> clEnqueueMarkerWithWaitList;
    public delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> clGetEventProfilingInfo;
    public delegate* unmanaged<uint, nint*, int> clWaitForEvents;
    public delegate* unmanaged<nint, int> clFinish;
    public delegate* unmanaged<nint, int> clReleaseEvent;
    public delegate* unmanaged<nint, int> clReleaseMemObject;
    public delegate* unmanaged<nint, int> clReleaseKernel;
    public delegate* unmanaged<nint, int> clReleaseProgram;
    public delegate* unmanaged<nint, int> clReleaseCommandQueue;
    public delegate* unmanaged<nint, int> clReleaseContext;

    public string LibraryName { get; }

    private OpenClApi(NativeApi lib)
    {
        LibraryName = lib.LibraryName;
        clGetPlatformIDs = (delegate* unmanaged<uint, nint*, uint*, int>)lib.Symbol(nameof(clGetPlatformIDs));
        clGetPlatformInfo = (delegate* unmanaged<nint, uint, nuint, void*, nuint*, int>)lib.Symbol(nameof(clGetPlatformInfo));
        clGetDeviceIDs = (delegate* unmanaged<nint, ulong, uint, nint*, uint*, int>)lib.Symbol(nameof(clGetDeviceIDs));
        clGetDeviceInfo = (delegate* unmanaged<nint, uint, nuint, void*, nuint*, int>)lib.Symbol(nameof(clGetDeviceInfo));
        clCreateContext = (delegate* unmanaged<nint*, uint, nint*, nint, nint, int*, nint>)lib.Symbol(nameof(clCreateContext));
        clCreateCommandQueue = (delegate* unmanaged<nint, nint, ulong, int*, nint>)lib.Symbol(nameof(clCreateCommandQueue));
        clCreateBuffer = (delegate* unmanaged<nint, ulong, nuint, void*, int*, nint>)lib.Symbol(nameof(clCreateBuffer));
        clCreateSubBuffer = (delegate* unmanaged<nint, ulong, uint, void*, int*, nint>)lib.Symbol(nameof(clCreateSubBuffer));
        clEnqueueWriteBuffer = (delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int>)lib.Symbol(nameof(clEnqueueWriteBuffer));
        clEnqueueReadBuffer = (delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int>)lib.Symbol(nameof(clEnqueueReadBuffer));
        clEnqueueCopyBuffer = (delegate* unmanaged<nint, nint, nint, nuint, nuint, nuint, uint, nint*, nint*, int>)lib.Symbol(nameof(clEnqueueCopyBuffer));
        clEnqueueFillBuffer = (delegate* unmanaged<nint, nint, void*, nuint, nuint, nuint, uint, nint*, nint*, int>)lib.Symbol(nameof(clEnqueueFillBuffer));
        clCreateProgramWithSource = (delegate* unmanaged<nint, uint, byte**, nuint*, int*, nint>)lib.Symbol(nameof(clCreateProgramWithSource));
        clCreateProgramWithBinary = (delegate* unmanaged<nint, uint, nint*, nuint*, byte**, int*, int*, nint>)lib.Symbol(nameof(clCreateProgramWithBinary));
        clBuildProgram = (delegate* unmanaged<nint, uint, nint*, byte*, nint, nint, int>)lib.Symbol(nameof(clBuildProgram));
        clGetProgramBuildInfo = (delegate* unmanaged<nint, nint, uint, nuint, void*, nuint*, int>)lib.Symbol(nameof(clGetProgramBuildInfo));
        clGetProgramInfo = (delegate* unmanaged<nint, uint, nuint, void*, nuint*, int>)lib.Symbol(nameof(clGetProgramInfo));
        clCreateKernel = (delegate* unmanaged<nint, byte*, int*, nint>)lib.Symbol(nameof(clCreateKernel));
        clSetKernelArg = (delegate* unmanaged<nint, uint, nuint, void*, int>)lib.Symbol(nameof(clSetKernelArg));
        clGetKernelWorkGroupInfo = (delegate* unmanaged<nint, nint, uint, nuint, void*, nuint*, int>)lib.Symbol(nameof(clGetKernelWorkGroupInfo));
        clEnqueueNDRangeKernel = (delegate* unmanaged<nint, nint, uint, nuint*, nuint*, nuint*, uint, nint*, nint*, int>)lib.Symbol(nameof(clEnqueueNDRangeKernel));
        clEnqueueMarkerWithWaitList = (delegate* unmanaged<nint, uint, nint*, nint*, int>)lib.Symbol(nameof(clEnqueueMarkerWithWaitList));
        clGetEventProfilingInfo = (delegate* unmanaged<nint, uint, nuint, void*, nuint*, int>)lib.Symbol(nameof(clGetEventProfilingInfo));
        clWaitForEvents = (delegate* unmanaged<uint, nint*, int>)lib.Symbol(nameof(clWaitForEvents));
        clFinish = (delegate* unmanaged<nint, int>)lib.Symbol(nameof(clFinish));
        clReleaseEvent = (delegate* unmanaged<nint, int>)lib.Symbol(nameof(clReleaseEvent));
        clReleaseMemObject = (delegate* unmanaged<nint, int>)lib.Symbol(nameof(clReleaseMemObject));
        clReleaseKernel = (delegate* unmanaged<nint, int>)lib.Symbol(nameof(clReleaseKernel));
        clReleaseProgram = (delegate* unmanaged<nint, int>)lib.Symbol(nameof(clReleaseProgram));
        clReleaseCommandQueue = (delegate* unmanaged<nint, int>)lib.Symbol(nameof(clReleaseCommandQueue));
        clReleaseContext = (delegate* unmanaged<nint, int>)lib.Symbol(nameof(clReleaseContext));
    }

    private static readonly Lazy<(OpenClApi? Api, string Why)> Shared = new(() =>
    {
        var lib = NativeApi.TryOpen(["libOpenCL.so.1", "libOpenCL.so", "OpenCL.dll", "/System/Library/Frameworks/OpenCL.framework/OpenCL"], out var tried);
        if (lib == null) return (null, $"no OpenCL loader found (tried {tried}); install ocl-icd-libopencl1 and a driver such as pocl-opencl-icd");
        try { return (new OpenClApi(lib), ""); }
        catch (GrnException e) { return (null, e.Message); }
    });

    /// <summary>The process-wide binding, or null with the reason it is unavailable.</summary>
    public static OpenClApi? TryGet(out string why)
    {
        var (api, reason) = Shared.Value;
        why = reason;
        return api;
    }

    /// <summary>Throws a <see cref="GrnException"/> naming the call and the status when status is not CL_SUCCESS.</summary>
    public static void Check(int status, string call)
    {
        if (status == CL_SUCCESS) return;
        string message = $"OpenCL {call} failed: {ErrorName(status)} ({status})";
        // CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_RESOURCES, CL_OUT_OF_HOST_MEMORY
        if (status is -4 or -5 or -6) throw new OutOfDeviceMemoryException(message);
        throw new GrnException(message);
    }

    public static string ErrorName(int status) => status switch
    {
        0 => "CL_SUCCESS", -1 => "CL_DEVICE_NOT_FOUND", -2 => "CL_DEVICE_NOT_AVAILABLE", -3 => "CL_COMPILER_NOT_AVAILABLE",
        -4 => "CL_MEM_OBJECT_ALLOCATION_FAILURE", -5 => "CL_OUT_OF_RESOURCES", -6 => "CL_OUT_OF_HOST_MEMORY",
        -7 => "CL_PROFILING_INFO_NOT_AVAILABLE", -8 => "CL_MEM_COPY_OVERLAP", -11 => "CL_BUILD_PROGRAM_FAILURE",
        -12 => "CL_MAP_FAILURE", -13 => "CL_MISALIGNED_SUB_BUFFER_OFFSET", -14 => "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST",
        -15 => "CL_COMPILE_PROGRAM_FAILURE", -16 => "CL_LINKER_NOT_AVAILABLE", -17 => "CL_LINK_PROGRAM_FAILURE",
        -30 => "CL_INVALID_VALUE", -31 => "CL_INVALID_DEVICE_TYPE", -32 => "CL_INVALID_PLATFORM", -33 => "CL_INVALID_DEVICE",
        -34 => "CL_INVALID_CONTEXT", -35 => "CL_INVALID_QUEUE_PROPERTIES", -36 => "CL_INVALID_COMMAND_QUEUE",
        -37 => "CL_INVALID_HOST_PTR", -38 => "CL_INVALID_MEM_OBJECT", -42 => "CL_INVALID_BINARY", -43 => "CL_INVALID_BUILD_OPTIONS",
        -44 => "CL_INVALID_PROGRAM", -45 => "CL_INVALID_PROGRAM_EXECUTABLE", -46 => "CL_INVALID_KERNEL_NAME",
        -47 => "CL_INVALID_KERNEL_DEFINITION", -48 => "CL_INVALID_KERNEL", -49 => "CL_INVALID_ARG_INDEX",
        -50 => "CL_INVALID_ARG_VALUE", -51 => "CL_INVALID_ARG_SIZE", -52 => "CL_INVALID_KERNEL_ARGS",
        -53 => "CL_INVALID_WORK_DIMENSION", -54 => "CL_INVALID_WORK_GROUP_SIZE", -55 => "CL_INVALID_WORK_ITEM_SIZE",
        -56 => "CL_INVALID_GLOBAL_OFFSET", -57 => "CL_INVALID_EVENT_WAIT_LIST", -58 => "CL_INVALID_EVENT",
        -59 => "CL_INVALID_OPERATION", -61 => "CL_INVALID_BUFFER_SIZE", -63 => "CL_INVALID_GLOBAL_WORK_SIZE",
        -64 => "CL_INVALID_PROPERTY", -1001 => "CL_PLATFORM_NOT_FOUND_KHR",
        _ => "unknown OpenCL status",
    };

    // ---- typed info helpers ----

    public string PlatformString(nint platform, uint param)
    {
        nuint size;
        Check(clGetPlatformInfo(platform, param, 0, null, &size), "clGetPlatformInfo");
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes) Check(clGetPlatformInfo(platform, param, size, p, null), "clGetPlatformInfo");
        return NativeApi.CString(bytes);
    }

    public string DeviceString(nint device, uint param)
    {
        nuint size;
        Check(clGetDeviceInfo(device, param, 0, null, &size), "clGetDeviceInfo");
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes) Check(clGetDeviceInfo(device, param, size, p, null), "clGetDeviceInfo");
        return NativeApi.CString(bytes);
    }

    public T DeviceValue<T>(nint device, uint param) where T : unmanaged
    {
        T value = default;
        Check(clGetDeviceInfo(device, param, (nuint)sizeof(T), &value, null), "clGetDeviceInfo");
        return value;
    }

    public nint[] Platforms()
    {
        uint count;
        int status = clGetPlatformIDs(0, null, &count);
        if (status == CL_PLATFORM_NOT_FOUND_KHR || count == 0) return [];
        Check(status, "clGetPlatformIDs");
        var ids = new nint[count];
        fixed (nint* p = ids) Check(clGetPlatformIDs(count, p, null), "clGetPlatformIDs");
        return ids;
    }

    public nint[] Devices(nint platform)
    {
        uint count;
        int status = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, &count);
        if (status == CL_DEVICE_NOT_FOUND || count == 0) return [];
        Check(status, "clGetDeviceIDs");
        var ids = new nint[count];
        fixed (nint* p = ids) Check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, count, p, null), "clGetDeviceIDs");
        return ids;
    }
}
