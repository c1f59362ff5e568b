namespace GrnGpu.Engine.Devices;

/// <summary>
/// Device time of every kernel call, for `grn profile`: while started on a device, its kernel set is wrapped in
/// <see cref="ProfiledKernels"/>, which brackets each call with two timing markers on the device's queue (CUDA and OpenCL
/// events through ILGPU's profiling markers on a GPU; the host clock on the cpu device, whose calls are synchronous).
/// </summary>
public static class KernelProfiler
{
    /// <summary>Starts recording on a device that hands out a kernel set; null on the reference device.</summary>
    public static IKernelRecorder? StartOn(ComputeDevice device) =>
        device.ProfileKernels() is { } set ? new KernelSetRecorder(device, set) : null;

    private sealed class KernelSetRecorder(ComputeDevice device, ProfiledKernels set) : IKernelRecorder
    {
        public IReadOnlyList<KernelLaunch> Collect() => set.Collect();
        public void Dispose() => device.StopProfilingKernels();
    }
}

/// <summary>What a started profiler gives: the kernels run since the last call, in order; stops when disposed.</summary>
public interface IKernelRecorder : IDisposable
{
    IReadOnlyList<KernelLaunch> Collect();
}

/// <summary>
/// One profiled kernel call: its name, device milliseconds, estimated bytes, its products' flops (0: none), and for a
/// convolution or a product its sizes ("128->128 on 16x16, 3x3 dilation 3"; "128x256x512 NN, batch 32"; null for the others).
/// </summary>
public sealed record KernelLaunch(string Kernel, double Milliseconds, long Bytes, double Flops, long WorkItems, string? Sizes = null);
