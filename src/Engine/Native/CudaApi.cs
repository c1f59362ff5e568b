namespace GrnGpu.Engine.Native;

/// <summary>
/// The CUDA driver API entry points the engine uses, bound from libcuda.so.1 (the driver itself; there is
/// no CUDA runtime dependency). Every call goes through <see cref="Check"/>, which names the call and the
/// status (cuGetErrorName) on failure.
/// </summary>
internal sealed unsafe class CudaApi
{
    public const int CUDA_SUCCESS = 0;
    public const int CUDA_ERROR_OUT_OF_MEMORY = 2;
    public const int CUDA_ERROR_INVALID_PTX = 218;
    public const int CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222;
    public const int CUDA_ERROR_NO_BINARY_FOR_GPU = 209;
    public const int CU_JIT_INFO_LOG_BUFFER = 3;
    public const int CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4;
    public const int CU_JIT_ERROR_LOG_BUFFER = 5;
    public const int CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
    public const int CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1;
    public const int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = 8;
    public const int CU_DEVICE_ATTRIBUTE_WARP_SIZE = 10;
    public const int CU_DEVICE_ATTRIBUTE_CLOCK_RATE = 13;
    public const int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    public const int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    public const int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

    public delegate* unmanaged<uint, int> cuInit;
    public delegate* unmanaged<int*, int> cuDriverGetVersion;
    public delegate* unmanaged<int*, int> cuDeviceGetCount;
    public delegate* unmanaged<int*, int, int> cuDeviceGet;
    public delegate* unmanaged<byte*, int, int, int> cuDeviceGetName;
    public delegate* unmanaged<nuint*, int, int> cuDeviceTotalMem;
    public delegate* unmanaged<int*, int, int, int> cuDeviceGetAttribute;
    public delegate* unmanaged<nint*, int, int> cuDevicePrimaryCtxRetain;
    public delegate* unmanaged<int, int> cuDevicePrimaryCtxRelease;
    public delegate* unmanaged<nint, int> cuCtxSetCurrent;
    public delegate* unmanaged<int> cuCtxSynchronize;
    public delegate* unmanaged<ulong*, nuint, int> cuMemAlloc;
    public delegate* unmanaged<ulong, int> cuMemFree;
    public delegate* unmanaged<ulong, void*, nuint, int> cuMemcpyHtoD;
    public delegate* unmanaged<void*, ulong, nuint, int> cuMemcpyDtoH;
    public delegate* unmanaged<ulong, ulong, nuint, nint, int> cuMemcpyDtoDAsync;
    public delegate* unmanaged<ulong, uint, nuint, nint, int> cuMemsetD32Async;
    public delegate* unmanaged<nint*, void*, int> cuModuleLoadData;
    public delegate* unmanaged<nint*, void*, uint, int*, void**, int> cuModuleLoadDataEx;
    public delegate* unmanaged<nint*, nint, byte*, int> cuModuleGetFunction;
    public delegate* unmanaged<nint, int> cuModuleUnload;
    public delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int> cuLaunchKernel;
    public delegate* unmanaged<nint*, uint, int> cuStreamCreate;
    public delegate* unmanaged<nint, int> cuStreamSynchronize;
    public delegate* unmanaged<nint, int> cuStreamDestroy;
    public delegate* unmanaged<nint*, uint, int> cuEventCreate;
    public delegate* unmanaged<nint, nint, int> cuEventRecord;
    public delegate* unmanaged<nint, int> cuEventSynchronize;
    public delegate* unmanaged<float*, nint, nint, int> cuEventElapsedTime;
    public delegate* unmanaged<nint, int> cuEventDestroy;
    public delegate* unmanaged<int, byte**, int> cuGetErrorName;

    public string LibraryName { get; }

    private CudaApi(NativeApi lib)
    {
        LibraryName = lib.LibraryName;
        cuInit = (delegate* unmanaged<uint, int>)lib.Symbol("cuInit");
        cuDriverGetVersion = (delegate* unmanaged<int*, int>)lib.Symbol("cuDriverGetVersion");
        cuDeviceGetCount = (delegate* unmanaged<int*, int>)lib.Symbol("cuDeviceGetCount");
        cuDeviceGet = (delegate* unmanaged<int*, int, int>)lib.Symbol("cuDeviceGet");
        cuDeviceGetName = (delegate* unmanaged<byte*, int, int, int>)lib.Symbol("cuDeviceGetName");
        cuDeviceTotalMem = (delegate* unmanaged<nuint*, int, int>)lib.Symbol("cuDeviceTotalMem_v2");
        cuDeviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)lib.Symbol("cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = (delegate* unmanaged<nint*, int, int>)lib.Symbol("cuDevicePrimaryCtxRetain");
        cuDevicePrimaryCtxRelease = (delegate* unmanaged<int, int>)lib.Symbol("cuDevicePrimaryCtxRelease_v2");
        cuCtxSetCurrent = (delegate* unmanaged<nint, int>)lib.Symbol("cuCtxSetCurrent");
        cuCtxSynchronize = (delegate* unmanaged<int>)lib.Symbol("cuCtxSynchronize");
        cuMemAlloc = (delegate* unmanaged<ulong*, nuint, int>)lib.Symbol("cuMemAlloc_v2");
        cuMemFree = (delegate* unmanaged<ulong, int>)lib.Symbol("cuMemFree_v2");
        cuMemcpyHtoD = (delegate* unmanaged<ulong, void*, nuint, int>)lib.Symbol("cuMemcpyHtoD_v2");
        cuMemcpyDtoH = (delegate* unmanaged<void*, ulong, nuint, int>)lib.Symbol("cuMemcpyDtoH_v2");
        cuMemcpyDtoDAsync = (delegate* unmanaged<ulong, ulong, nuint, nint, int>)lib.Symbol("cuMemcpyDtoDAsync_v2");
        cuMemsetD32Async = (delegate* unmanaged<ulong, uint, nuint, nint, int>)lib.Symbol("cuMemsetD32Async");
        cuModuleLoadData = (delegate* unmanaged<nint*, void*, int>)lib.Symbol("cuModuleLoadData");
        cuModuleLoadDataEx = (delegate* unmanaged<nint*, void*, uint, int*, void**, int>)lib.Symbol("cuModuleLoadDataEx");
        cuModuleGetFunction = (delegate* unmanaged<nint*, nint, byte*, int>)lib.Symbol("cuModuleGetFunction");
        cuModuleUnload = (delegate* unmanaged<nint, int>)lib.Symbol("cuModuleUnload");
        cuLaunchKernel = (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int>)lib.Symbol("cuLaunchKernel");
        cuStreamCreate = (delegate* unmanaged<nint*, uint, int>)lib.Symbol("cuStreamCreate");
        cuStreamSynchronize = (delegate* unmanaged<nint, int>)lib.Symbol("cuStreamSynchronize");
        cuStreamDestroy = (delegate* unmanaged<nint, int>)lib.Symbol("cuStreamDestroy_v2");
        cuEventCreate = (delegate* unmanaged<nint*, uint, int>)lib.Symbol("cuEventCreate");
        cuEventRecord = (delegate* unmanaged<nint, nint, int>)lib.Symbol("cuEventRecord");
        cuEventSynchronize = (delegate* unmanaged<nint, int>)lib.Symbol("cuEventSynchronize");
        cuEventElapsedTime = (delegate* unmanaged<float*, nint, nint, int>)lib.Symbol("cuEventElapsedTime");
        cuEventDestroy = (delegate* unmanaged<nint, int>)lib.Symbol("cuEventDestroy_v2");
        cuGetErrorName = (delegate* unmanaged<int, byte**, int>)lib.Symbol("cuGetErrorName");
    }

    private static readonly Lazy<(CudaApi? Api, string Why)> Shared = new(() =>
    {
        var lib = NativeApi.TryOpen(["libcuda.so.1", "libcuda.so", "nvcuda.dll"], out var tried);
        if (lib == null) return (null, $"no CUDA driver found (tried {tried})");
        try
        {
            var api = new CudaApi(lib);
            int status = api.cuInit(0);
            return status == CUDA_SUCCESS ? (api, "") : (null, $"cuInit failed: {api.ErrorName(status)} ({status})");
        }
        catch (GrnException e) { return (null, e.Message); }
    });

    /// <summary>The process-wide, initialised binding, or null with the reason it is unavailable.</summary>
    public static CudaApi? TryGet(out string why)
    {
        var (api, reason) = Shared.Value;
        why = reason;
        return api;
    }

    public string ErrorName(int status)
    {
        byte* name = null;
        return cuGetErrorName(status, &name) == CUDA_SUCCESS && name != null ? NativeApi.CString((nint)name) : "CUDA_ERROR_UNKNOWN";
    }

    /// <summary>Throws a <see cref="GrnException"/> naming the call and the status when status is not CUDA_SUCCESS.</summary>
    public void Check(int status, string call)
    {
        if (status == CUDA_SUCCESS) return;
        string message = $"CUDA {call} failed: {ErrorName(status)} ({status})";
        if (status == CUDA_ERROR_OUT_OF_MEMORY) throw new OutOfDeviceMemoryException(message);
        throw new GrnException(message);
    }

    public int Attribute(int device, int attribute)
    {
        int value;
        Check(cuDeviceGetAttribute(&value, attribute, device), "cuDeviceGetAttribute");
        return value;
    }
}
