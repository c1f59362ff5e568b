namespace GrnGpu.Engine.Devices;

/// <summary>
/// One allocation on a device: a cl_mem, a CUdeviceptr, or (reference device) a managed array.
/// Sizes are in bytes; the engine stores float32 only, so every offset elsewhere counts floats.
/// </summary>
public sealed class DeviceBuffer
{
    public ComputeDevice Device { get; }
    public long Bytes { get; }
    /// <summary>cl_mem or CUdeviceptr; 0 on the reference device.</summary>
    public ulong Handle { get; }
    /// <summary>The storage on the reference device; null elsewhere.</summary>
    public float[]? Host { get; }
    /// <summary>Where this buffer starts in <see cref="Host"/> (a view on the reference device), in floats.</summary>
    public long HostOffset { get; }
    /// <summary>The buffer this one is a view of (<see cref="ComputeDevice.View"/>), or null.</summary>
    public DeviceBuffer? Parent { get; }

    public long Floats => Bytes / sizeof(float);

    public DeviceBuffer(ComputeDevice device, long bytes, ulong handle, float[]? host = null, long hostOffset = 0, DeviceBuffer? parent = null)
    {
        Device = device;
        Bytes = bytes;
        Handle = handle;
        Host = host;
        HostOffset = hostOffset;
        Parent = parent;
    }
}
