using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Profiling;

/// <summary>One kernel's share of a profiled training step (per step: launches and device milliseconds).</summary>
public sealed record KernelRow(string Kernel, double Launches, double Milliseconds, double Share, double? Gflops, double GBps,
    double? ShareOfPeakFlops, double? ShareOfBandwidth);

/// <summary>
/// `grn profile`: a full training step (forward, backward, Adam) broken down by kernel. Warm-up steps first
/// (compiles kernels, fills the buffer pool), then <c>steps</c> profiled steps; every figure is per step.
/// Wall time is measured on the host around each profiled step (device synchronised), kernel time with device
/// markers around each launch; host overhead is their difference. The unprofiled step time is given too, since
/// the markers cost a little.
/// </summary>
public sealed record StepProfile(string Model, string Device, int Batch, int Steps, double WallMs, double UnprofiledWallMs,
    double KernelMs, double HostOverheadMs, int LaunchesPerStep, double StreamGBps, double? PeakGflops, IReadOnlyList<KernelRow> Kernels)
{
    /// <summary>
    /// Profiles <paramref name="steps"/> training steps after the warm-up; a row per kernel, or with
    /// <paramref name="byShape"/> a row per kernel and convolution shape (where a model's convolutions differ in speed).
    /// </summary>
    public static StepProfile Measure(Model model, ComputeDevice gpu, int batch, int steps, int warmup = 2, bool byShape = false)
    {
        if (steps < 1) throw new GrnException($"--steps must be at least 1, got {steps}");
        using var runner = new TrainingStepRunner(model, batch);
        var plain = StepTimer.Milliseconds(gpu, runner.Step, steps, warmup);
        double stream = DevicePeaks.StreamGBps(gpu);
        double? peak = DevicePeaks.PeakGflops(gpu);

        var launches = new List<KernelLaunch>();
        double wall = 0;
        using (var profiler = KernelProfiler.StartOn(gpu) ?? throw new GrnException($"{gpu.Info.Id} cannot be profiled: it runs no kernels (the reference device)"))
        {
            for (int i = 0; i < steps; i++)
            {
                var w = Stopwatch.StartNew();
                runner.Step();
                gpu.Synchronize();
                wall += w.Elapsed.TotalMilliseconds;
                launches.AddRange(profiler.Collect());   // waits on events outside the timed window
            }
        }
        var rows = launches.GroupBy(l => byShape && l.Sizes != null ? $"{l.Kernel} {l.Sizes}" : l.Kernel).Select(g =>
        {
            double ms = g.Sum(l => l.Milliseconds);
            double flops = g.Sum(l => l.Flops);
            double bytes = g.Sum(l => (double)l.Bytes);
            double? gflops = flops > 0 && ms > 0 ? flops / ms / 1e6 : null;
            double gbps = ms > 0 ? bytes / ms / 1e6 : 0;
            return new KernelRow(g.Key, (double)g.Count() / steps, ms / steps, ms / wall, gflops, gbps,
                gflops != null && peak != null ? gflops / peak : null, stream > 0 ? gbps / stream : null);
        }).OrderByDescending(r => r.Milliseconds).ToList();
        double kernelMs = launches.Sum(l => l.Milliseconds) / steps;
        plain.Sort();
        return new StepProfile(model.Network.Kind.Name(), gpu.Info.ToString(), batch, steps, wall / steps, plain[plain.Count / 2],
            kernelMs, wall / steps - kernelMs, launches.Count / steps, stream, peak, rows);
    }

    public string Format()
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"{Model} training step (forward, backward, Adam) on {Device}, batch {Batch}, mean of {Steps} profiled step(s) after warm-up");
        s.AppendLine(c, $"streaming bandwidth (copy kernel): {StreamGBps:F1} GB/s; peak compute: {(PeakGflops is { } p ? $"{p:F0} GFLOP/s (FMA kernel)" : "unknown")}");
        int width = Math.Max(28, Kernels.Count == 0 ? 0 : Kernels.Max(r => r.Kernel.Length));
        s.AppendLine(c, $"{"kernel".PadRight(width)} {"launches",8} {"ms",9} {"share",6} {"GFLOP/s",8} {"%peak",6} {"GB/s",7} {"%bw",5}");
        foreach (var r in Kernels)
            s.AppendLine(c, $"{r.Kernel.PadRight(width)} {r.Launches,8:0.#} {r.Milliseconds,9:F2} {r.Share * 100,5:F1}% {Opt(r.Gflops, "F1"),8} {Opt(r.ShareOfPeakFlops * 100, "F0"),6} {r.GBps,7:F1} {Opt(r.ShareOfBandwidth * 100, "F0"),5}");
        s.AppendLine(c, $"kernels: {KernelMs:F1} ms in {LaunchesPerStep} launches; wall (profiled): {WallMs:F1} ms; host overhead (wall - kernels): {HostOverheadMs:F1} ms");
        s.AppendLine(c, $"wall without the profiler: {UnprofiledWallMs:F1} ms ({Batch / (UnprofiledWallMs / 1000):F1} samples/s)");
        return s.ToString();
    }

    private static string Opt(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "-";

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
}

/// <summary>
/// `grn bench`: full-step training throughput (median step after warm-up) and inference throughput of one model,
/// with the most device memory its buffer pool held and the process's peak resident memory so far; the step's work in
/// GFLOP (the products its ops issued: forward, data and weight gradients) and, where the device measures its peak, the
/// step's share of it.
/// </summary>
public sealed record StepBench(string Model, string Device, int Batch, int Steps, double TrainStepMs, double InferenceMs,
    long PeakDeviceBytes, long PeakInUseBytes, long PeakResidentBytes, double StepGflop, double? PeakGflops)
{
    public double TrainSamplesPerSecond => Batch / (TrainStepMs / 1000);
    public double InferenceSamplesPerSecond => Batch / (InferenceMs / 1000);
    /// <summary>The step's rate: its products' FLOPs over its median wall time.</summary>
    public double TrainGflops => StepGflop / (TrainStepMs / 1000);

    public static StepBench Measure(ModelKind kind, ComputeDevice device, int batch, int steps, int warmup = 2)
    {
        if (steps < 1) throw new GrnException($"--steps must be at least 1, got {steps}");
        device.Synchronize();
        device.Pool.Trim();
        device.Pool.ResetPeak();
        using var model = new Model(NetworkFactory.Create(kind), device);
        using var runner = new TrainingStepRunner(model, batch);
        long flopsBefore = device.FlopsIssued;
        var train = StepTimer.Milliseconds(device, runner.Step, steps, warmup);
        double stepGflop = (device.FlopsIssued - flopsBefore) / (double)(steps + warmup) / 1e9;
        var infer = StepTimer.Milliseconds(device, () => runner.Infer(), steps, warmup: 1);
        long peakDevice = device.Pool.PeakBytesHeld, peakInUse = device.Pool.PeakBytesInUse;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return new StepBench(kind.Name(), device.Info.ToString(), batch, steps, Median(train), Median(infer), peakDevice, peakInUse, self.PeakWorkingSet64,
            stepGflop, DevicePeaks.PeakGflops(device));
    }

    private static double Median(List<double> v)
    {
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        string peak = PeakGflops is { } p ? $", {TrainGflops / p * 100:F0}% of the measured peak {p:F0} GFLOP/s" : "";
        return string.Create(c,
            $"{Model} train samples/s: {TrainSamplesPerSecond:F1}\n" +
            $"{Model} train step ms: {TrainStepMs:F1} (median of {Steps}, batch {Batch}, on {Device})\n" +
            $"{Model} train GFLOP/s: {TrainGflops:F1} ({StepGflop / Batch:F2} GFLOP per sample{peak})\n" +
            $"{Model} inference samples/s: {InferenceSamplesPerSecond:F1} ({InferenceMs:F1} ms per batch)\n" +
            $"{Model} peak device memory MB: {PeakDeviceBytes / 1e6:F0} (buffer pool, {PeakInUseBytes / 1e6:F0} in use at most); peak resident MB so far: {PeakResidentBytes / 1e6:F0}\n");
    }
}
