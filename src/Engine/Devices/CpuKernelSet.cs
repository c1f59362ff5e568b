using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// The CPU device's kernels (<see cref="IDeviceKernels"/>): each method turns buffers into pointers and calls the SIMD
/// kernel of src/Kernels/&lt;Op&gt; with the device's worker pool. One partial file per family of ops.
/// </summary>
internal sealed unsafe partial class CpuKernelSet(CpuDevice device) : IDeviceKernels
{
    private CpuWorkers Workers => device.Workers;

    private static float* P(DeviceBuffer buffer) => CpuDevice.Pointer(buffer);

    private static float* P(DeviceBuffer? buffer, DeviceBuffer fallback) => CpuDevice.Pointer(buffer ?? fallback);
}
