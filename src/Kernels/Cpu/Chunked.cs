namespace GrnGpu.Kernels.Cpu;

/// <summary>
/// How the CPU kernels split a loop over the worker pool: in chunks of about <see cref="ChunkFloats"/> floats of work,
/// and not at all below <see cref="SerialFloats"/> (handing out work costs about as much as streaming that many floats).
/// Chunks are whole indices of the loop, so a kernel whose indices are independent gives the same bits on any pool.
/// </summary>
public static class Chunked
{
    public const int SerialFloats = 32768;
    public const int ChunkFloats = 16384;

    /// <summary>body(begin, end) over [0, n) floats, chunk starts on multiples of <see cref="ChunkFloats"/> (vector aligned).</summary>
    public static void Run(CpuWorkers workers, int n, Action<int, int> body)
    {
        if (n <= SerialFloats || workers.Threads == 1)
        {
            body(0, n);
            return;
        }
        workers.For((n + ChunkFloats - 1) / ChunkFloats, 1, (c0, c1) => body(c0 * ChunkFloats, (int)Math.Min(n, (long)c1 * ChunkFloats)));
    }

    /// <summary>body(begin, end) over [0, count) items (rows, planes, channels) of about floatsPerItem floats of work each.</summary>
    public static void Items(CpuWorkers workers, int count, long floatsPerItem, Action<int, int> body)
    {
        floatsPerItem = Math.Max(1, floatsPerItem);
        if (count * floatsPerItem <= SerialFloats || workers.Threads == 1)
        {
            body(0, count);
            return;
        }
        workers.For(count, (int)Math.Max(1, ChunkFloats / floatsPerItem), body);
    }
}
