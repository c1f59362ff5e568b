namespace GrnGpu.Engine.Devices;

/// <summary>The launch limits of one GPU model, for the simulated GPU of the launch audit.</summary>
public sealed record GpuLimits(
    string Name, int ComputeCapability, int Multiprocessors, int MaxThreadsPerBlock, int MaxGridX, int MaxGridY, int MaxGridZ,
    int MaxBlockX, int MaxBlockY, int MaxBlockZ, int MaxStaticSharedBytes, int RegistersPerMultiprocessor, long MemoryBytes)
{
    /// <summary>An H100 SXM: 132 SMs, sm_90, 1024 threads a block, grid y/z at most 65535, 48 KB static shared memory, 64K registers an SM.</summary>
    public static GpuLimits H100 { get; } = new("NVIDIA H100 (simulated)", 90, 132, 1024, int.MaxValue, 65535, 65535,
        1024, 1024, 64, 48 * 1024, 65536, 80L << 30);

    /// <summary>What a product's grid should reach to keep every SM busy: twice the SM count.</summary>
    public long TargetBlocks => 2L * Multiprocessors;
}
