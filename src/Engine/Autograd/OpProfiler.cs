using System.Diagnostics;
using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Autograd;

/// <summary>
/// Per-op wall time of forward and backward passes, for finding where a step's time goes. While enabled,
/// the tape synchronises the device after every op and charges the time since the previous op to it, so
/// profiling slows the step a little; it is off unless asked for.
/// </summary>
public sealed class OpProfiler : IDisposable
{
    [ThreadStatic] private static OpProfiler? _active;

    private readonly Dictionary<string, (double Ms, int Calls)> _totals = new();
    private readonly Stopwatch _clock = new();
    private readonly OpProfiler? _outer;

    private OpProfiler(ComputeDevice device)
    {
        device.Synchronize();
        _outer = _active;
        _active = this;
        _clock.Start();
    }

    /// <summary>Starts profiling ops on this thread until disposed.</summary>
    public static OpProfiler Start(ComputeDevice device) => new(device);

    /// <summary>Called by the tape after each op's launch(es): waits for the device and charges the elapsed time.</summary>
    internal static void Mark(string op, ComputeDevice device)
    {
        var p = _active;
        if (p == null) return;
        device.Synchronize();
        double ms = p._clock.Elapsed.TotalMilliseconds;
        p._clock.Restart();
        p._totals[op] = p._totals.TryGetValue(op, out var t) ? (t.Ms + ms, t.Calls + 1) : (ms, 1);
    }

    /// <summary>Resets the clock without charging anyone (time outside ops: uploads, host work).</summary>
    public void Skip(ComputeDevice device)
    {
        device.Synchronize();
        _clock.Restart();
    }

    /// <summary>Forgets everything charged so far (the warm-up step, which compiles kernels).</summary>
    public void Reset(ComputeDevice device)
    {
        _totals.Clear();
        Skip(device);
    }

    /// <summary>Op names ("forward conv2d", "backward conv2d", ...) with total milliseconds and calls, slowest first.</summary>
    public IReadOnlyList<(string Op, double Ms, int Calls)> Totals =>
        _totals.Select(kv => (kv.Key, kv.Value.Ms, kv.Value.Calls)).OrderByDescending(t => t.Ms).ToList();

    public void Dispose()
    {
        if (_active == this) _active = _outer;
    }
}
