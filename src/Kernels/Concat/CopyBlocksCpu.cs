using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Concat;

/// <summary>
/// Copies blocks of contiguous floats between strided positions: concatenation on the
/// channel axis is one such copy per input (a block is one sample's C_i * H * W values), its backward the same copy
/// the other way. Blocks are cut into pieces of at most <see cref="Chunked.ChunkFloats"/> so that a batch of one
/// still spreads over the pool.
/// </summary>
public static unsafe class CopyBlocksCpu
{
    public static void Run(CpuWorkers workers, float* src, int srcStride, int srcOffset, float* dst, int dstStride, int dstOffset, int block, int blocks)
    {
        int pieces = Math.Max(1, (block + Chunked.ChunkFloats - 1) / Chunked.ChunkFloats);
        int piece = (block + pieces - 1) / pieces;
        Chunked.Items(workers, blocks * pieces, piece, (begin, end) =>
        {
            for (int item = begin; item < end; item++)
            {
                int b = item / pieces, start = item % pieces * piece, count = Math.Min(piece, block - start);
                float* from = src + (long)b * srcStride + srcOffset + start, to = dst + (long)b * dstStride + dstOffset + start;
                Buffer.MemoryCopy(from, to, (long)count * sizeof(float), (long)count * sizeof(float));
            }
        });
    }
}
