namespace GrnGpu.Engine.Errors;

/// <summary>
/// A driver call failed because the device (or the host on its behalf) ran out of memory: CUDA_ERROR_OUT_OF_MEMORY,
/// or OpenCL's CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_RESOURCES or CL_OUT_OF_HOST_MEMORY. The only failure
/// the buffer pool answers by freeing its cached buffers and trying again; every other error propagates.
/// </summary>
public sealed class OutOfDeviceMemoryException : GrnException
{
    public OutOfDeviceMemoryException(string message) : base(message) { }
}
