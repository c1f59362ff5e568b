using System.Runtime.InteropServices;

namespace GrnGpu.Engine.Native;

/// <summary>
/// The C heap that a CPU OpenCL runtime (PoCL) allocates device buffers from. glibc's malloc serves blocks below its
/// mmap threshold from its own heap and keeps them there after free(); the threshold starts at 128 KiB and rises to
/// 32 MiB as large blocks are freed, so a training step's tensors of a few MiB to 32 MiB, once freed (the buffer pool
/// gives back what it would hold beyond its peak), stay resident: a fusion step held 1.74 GB resident for 1.12 GB of
/// buffers. A fixed threshold of 1 MiB (which also stops the rise) maps every larger block on its own and unmaps it on
/// free. Linux with glibc only; elsewhere nothing happens.
/// </summary>
internal static class HostHeap
{
    private const int M_MMAP_THRESHOLD = -3;
    private static int _done;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    /// <summary>Sets the fixed threshold once per process.</summary>
    public static void MapLargeBlocks()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _done, 1) == 1) return;
        try
        {
            MallOpt(M_MMAP_THRESHOLD, 1 << 20);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, say): its allocator has no such knob, and nothing else depends on it.
        }
    }
}
