namespace GrnGpu.Engine.Devices;

/// <summary>
/// A point in a device's queue, timed on the device itself (CUDA events, OpenCL profiling markers), so
/// that kernel time is measured without host launch overhead.
/// </summary>
public abstract class TimingEvent : IDisposable
{
    /// <summary>Milliseconds from <paramref name="start"/> to this event; waits for this event to complete.</summary>
    public abstract double MillisecondsSince(TimingEvent start);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>Host clock events, for the reference device whose work is synchronous.</summary>
public sealed class HostTimingEvent : TimingEvent
{
    private readonly long _ticks = System.Diagnostics.Stopwatch.GetTimestamp();

    public override double MillisecondsSince(TimingEvent start) =>
        (_ticks - ((HostTimingEvent)start)._ticks) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
