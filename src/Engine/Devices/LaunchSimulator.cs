using ILGPU;
using ILGPU.Runtime;

namespace GrnGpu.Engine.Devices;

/// <summary>One kernel launch as the simulated GPU saw it: the kernel's catalog name, its grid and group, and its first argument
/// (a GEMM's shape, for the audit's account of small grids).</summary>
public sealed record LaunchRecord(string Kernel, (int X, int Y, int Z) Grid, (int X, int Y, int Z) Group, object? FirstArgument)
{
    public long Blocks => (long)Grid.X * Grid.Y * Grid.Z;
    public long Threads => (long)Group.X * Group.Y * Group.Z;
    public override string ToString() => $"{Kernel} grid ({Grid.X}, {Grid.Y}, {Grid.Z}) group ({Group.X}, {Group.Y}, {Group.Z})";
}

/// <summary>
/// The launch side of a GPU that runs nothing (an ILGPU device opened with <see cref="IlgpuDeviceOptions.Simulate"/>): the
/// ILGPU kernel set takes the same path as on a real GPU of these limits (same kernels, tiles, grids, split-K plans), and
/// every launch is recorded and checked against the limits; device-to-host reads are counted. Buffers hold no data.
/// </summary>
public sealed class LaunchSimulator(GpuLimits limits)
{
    private readonly List<LaunchRecord> _launches = new();
    private readonly List<string> _violations = new();

    public GpuLimits Limits { get; } = limits;
    public IReadOnlyList<LaunchRecord> Launches => _launches;
    /// <summary>Launches outside the grid and group limits.</summary>
    public IReadOnlyList<string> Violations => _violations;
    /// <summary>Device-to-host copies (each a synchronisation point on a real GPU), with what was launched last before each.</summary>
    public IReadOnlyList<string> HostReads => _reads;
    private readonly List<string> _reads = new();

    public void Reset()
    {
        _launches.Clear();
        _violations.Clear();
        _reads.Clear();
    }

    internal void Launch(string kernel, KernelConfig config, object? firstArgument)
    {
        var g = config.GridDim;
        var b = config.GroupDim;
        var record = new LaunchRecord(kernel, (g.X, g.Y, g.Z), (b.X, b.Y, b.Z), firstArgument);
        _launches.Add(record);
        var l = Limits;
        if (g.X < 1 || g.Y < 1 || g.Z < 1 || g.X > l.MaxGridX || g.Y > l.MaxGridY || g.Z > l.MaxGridZ)
            _violations.Add($"{record}: grid outside ({l.MaxGridX}, {l.MaxGridY}, {l.MaxGridZ})");
        if (b.X < 1 || b.Y < 1 || b.Z < 1 || b.X > l.MaxBlockX || b.Y > l.MaxBlockY || b.Z > l.MaxBlockZ || record.Threads > l.MaxThreadsPerBlock)
            _violations.Add($"{record}: group outside ({l.MaxBlockX}, {l.MaxBlockY}, {l.MaxBlockZ}), {l.MaxThreadsPerBlock} threads");
    }

    internal void Read(long floats) =>
        _reads.Add(_launches.Count == 0 ? $"{floats} floats before any launch" : $"{floats} floats after {_launches[^1].Kernel}");
}
