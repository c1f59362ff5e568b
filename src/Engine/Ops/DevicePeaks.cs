using System.Globalization;

using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops;

/// <summary>
/// What a device can do at best, for judging kernels: the streaming bandwidth measured with a copy kernel
/// (stream.c), and the peak float32 FMA rate where it can be told from the host (CPU devices: cores x clock x
/// two 8-wide FMA pipes, the AVX2 machines this runs on; `GRN_PEAK_GFLOPS` overrides). GPUs: unknown (null).
/// </summary>
public static class DevicePeaks
{
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

    /// <summary>Peak GFLOP/s (an FMA counted as two), or null where unknown.</summary>
    public static double? PeakGflops(DeviceInfo info)
    {
        if (Environment.GetEnvironmentVariable("GRN_PEAK_GFLOPS") is { } env
            && double.TryParse(env, NumberStyles.Float, CultureInfo.InvariantCulture, out double given) && given > 0)
            return given;
        if (info.Type != DeviceType.Cpu || !OperatingSystem.IsLinux()) return null;
        try
        {
            double mhz = 0;
            bool fma = false;
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("cpu MHz", StringComparison.Ordinal)
                    && double.TryParse(line[(line.IndexOf(':') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double m))
                    mhz = Math.Max(mhz, m);
                else if (line.StartsWith("flags", StringComparison.Ordinal))
                    fma |= line.Contains(" fma", StringComparison.Ordinal) && line.Contains(" avx2", StringComparison.Ordinal);
            }
            return mhz > 0 && fma ? info.ComputeUnits * mhz / 1000.0 * 32 : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
