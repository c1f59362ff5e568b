using System.Globalization;

using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops;

/// <summary>
/// What a device can do at best, for judging kernels: the streaming bandwidth measured with a copy kernel and the
/// peak float32 FMA rate measured with an FMA kernel on CPU devices (stream.c; `GRN_PEAK_GFLOPS` overrides). GPUs:
/// peak unknown (null).
/// </summary>
public static class DevicePeaks
{
    /// <summary>Peak GFLOP/s of any device: its own measurement, else (legacy kernel devices) the FMA kernel's; null where unknown.</summary>
    public static double? PeakGflops(ComputeDevice device) =>
        device.MeasurePeakGflops() ?? (device is GpuDevice gpu ? PeakGflops(gpu) : null);

    /// <summary>Copy bandwidth of any device: its own measurement, else (legacy kernel devices) the copy kernel's; 0 where unknown.</summary>
    public static double StreamGBps(ComputeDevice device) =>
        device.MeasureStreamGBps() ?? (device is GpuDevice gpu ? StreamGBps(gpu) : 0);

    /// <summary>Copy bandwidth in GB/s (bytes read + bytes written per second), best of a few runs over 2 x 64 MiB.</summary>
    public static double StreamGBps(GpuDevice gpu, int floats = 1 << 24, int runs = 5)
    {
        using var src = Tensor.Zeros(gpu, new Shape(floats));
        using var dst = Tensor.Empty(gpu, new Shape(floats));
        var kernel = gpu.Kernel("stream.c", "stream_copy");
        gpu.Launch1D(kernel, floats, src, dst, floats);
        gpu.Synchronize();
        double best = double.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            using var start = gpu.Record();
            gpu.Launch1D(kernel, floats, src, dst, floats);
            using var end = gpu.Record();
            best = Math.Min(best, end.MillisecondsSince(start));
        }
        return 2.0 * floats * sizeof(float) / (best * 1e6);
    }

    /// <summary>
    /// Peak GFLOP/s (an FMA counted as two), or null where unknown: `GRN_PEAK_GFLOPS` when set; on CPU OpenCL devices
    /// measured with stream.c's peak_fma (8 work-items per core of independent 16-float FMA chains, best of a few runs:
    /// the clock the cores really run at and the vector width the compiler really uses, which /proc/cpuinfo's nominal
    /// MHz does not tell); GPUs: unknown.
    /// </summary>
    public static double? PeakGflops(GpuDevice gpu, int iterations = 1 << 18, int runs = 5)
    {
        if (Environment.GetEnvironmentVariable("GRN_PEAK_GFLOPS") is { } env
            && double.TryParse(env, NumberStyles.Float, CultureInfo.InvariantCulture, out double given) && given > 0)
            return given;
        if (gpu.Info.Type != DeviceType.Cpu || gpu.Target != Kernels.KernelTarget.OpenCl) return null;
        int items = 8 * Math.Max(1, gpu.Info.ComputeUnits);
        using var output = Tensor.Empty(gpu, new Shape(items));
        var kernel = gpu.Kernel("stream.c", "peak_fma");
        gpu.Launch(kernel, new Dim3(items), new Dim3(1), output, iterations / 8);
        gpu.Synchronize();
        double best = double.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            using var start = gpu.Record();
            gpu.Launch(kernel, new Dim3(items), new Dim3(1), output, iterations);
            using var end = gpu.Record();
            best = Math.Min(best, end.MillisecondsSince(start));
        }
        return items * (double)iterations * 16 * 16 * 2 / (best * 1e6);
    }
}
