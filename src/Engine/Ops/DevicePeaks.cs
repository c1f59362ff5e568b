using System.Globalization;

using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops;

/// <summary>
/// What a device can do at best, for judging kernels: its peak float32 FMA rate (GFLOP/s; null where unknown) and its
/// streaming bandwidth (GB/s, bytes read + written; 0 where unknown), each as the device measures it
/// (`GRN_PEAK_GFLOPS` overrides the peak).
/// </summary>
public static class DevicePeaks
{
    public static double? PeakGflops(ComputeDevice device) =>
        double.TryParse(Environment.GetEnvironmentVariable("GRN_PEAK_GFLOPS"), NumberStyles.Float, CultureInfo.InvariantCulture, out double given) && given > 0
            ? given : device.MeasurePeakGflops();

    public static double StreamGBps(ComputeDevice device) => device.MeasureStreamGBps() ?? 0;
}
