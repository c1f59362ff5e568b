using ILGPU;
using ILGPU.Runtime.Cuda;

namespace GrnGpu.Kernels.Gemm;

/// <summary>
/// The TF32 tensor-core GEMM for sm_80 and later, through inline PTX (CudaAsm): the tiles, loads, split-K and epilogue of
/// <see cref="GemmGpu.Tiled"/> (same grid, 256 work-items, 64 x 64 tiles, K steps of 16 through shared memory), with the
/// products done by mma.sync.aligned.m16n8k8 (TF32 inputs rounded to nearest by cvt.rna, FP32 accumulators). The 8 warps
/// split the tile 4 (rows of 16) x 2 (columns of 32); each warp runs 4 m16n8k8 products per 8 of K. Off CUDA (ILGPU's CPU
/// accelerator, which CI runs it on) the two instructions are emulated with the same fragments: cvt.rna's rounding on the
/// bits, and the mma as each lane gathering its rows of A and columns of B from the lanes that hold them by warp shuffles,
/// so that the fragment layout itself is what the tests check.
/// </summary>
public static class GemmTf32Gpu
{
    /// <summary>The oldest architecture with TF32 mma.</summary>
    public const int MinimumSm = 80;

    /// <summary>Grid: (TilesN, TilesM, Outputs * Splits) groups of <see cref="GemmGpu.Threads"/>.</summary>
    public static void Tiled(GemmShape s, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> workspace)
    {
        var tileA = SharedMemory.Allocate<float>(GemmGpu.TileK * GemmGpu.TileM);
        var tileB = SharedMemory.Allocate<float>(GemmGpu.TileK * GemmGpu.TileN);
        int tid = Group.IdxX, warp = tid >> 5, lane = tid & 31, g = lane >> 2, t = lane & 3;
        int wm = (warp >> 1) * 16, wn = (warp & 1) * 32;
        int row0 = Grid.IdxY * GemmGpu.TileM, col0 = Grid.IdxX * GemmGpu.TileN;
        int z = Grid.IdxZ, output = s.OutputOf(z), first = s.FirstStep(z), last = s.EndStep(z);

        // d[tile][element]: tile j covers columns wn + 8 j; elements (g, 2t), (g, 2t + 1), (g + 8, 2t), (g + 8, 2t + 1).
        float d00 = 0f, d01 = 0f, d02 = 0f, d03 = 0f, d10 = 0f, d11 = 0f, d12 = 0f, d13 = 0f;
        float d20 = 0f, d21 = 0f, d22 = 0f, d23 = 0f, d30 = 0f, d31 = 0f, d32 = 0f, d33 = 0f;
        for (int step = first; step < last; step++)
        {
            int entry = s.EntryOf(step, output);
            GemmGpu.LoadTiles(s, a, b, tileA, tileB, tid, row0, col0, entry, s.DepthOf(step, entry));
            Group.Barrier();
            for (int kk = 0; kk < GemmGpu.TileK; kk += 8)
            {
                int lo = (kk + t) * GemmGpu.TileM, hi = (kk + t + 4) * GemmGpu.TileM;
                uint a0 = Tf32(tileA[lo + wm + g]), a1 = Tf32(tileA[lo + wm + g + 8]);
                uint a2 = Tf32(tileA[hi + wm + g]), a3 = Tf32(tileA[hi + wm + g + 8]);
                int blo = (kk + t) * GemmGpu.TileN + wn + g, bhi = (kk + t + 4) * GemmGpu.TileN + wn + g;
                uint b00 = Tf32(tileB[blo]), b01 = Tf32(tileB[bhi]);
                uint b10 = Tf32(tileB[blo + 8]), b11 = Tf32(tileB[bhi + 8]);
                uint b20 = Tf32(tileB[blo + 16]), b21 = Tf32(tileB[bhi + 16]);
                uint b30 = Tf32(tileB[blo + 24]), b31 = Tf32(tileB[bhi + 24]);
                Mma(ref d00, ref d01, ref d02, ref d03, ref a0, ref a1, ref a2, ref a3, ref b00, ref b01);
                Mma(ref d10, ref d11, ref d12, ref d13, ref a0, ref a1, ref a2, ref a3, ref b10, ref b11);
                Mma(ref d20, ref d21, ref d22, ref d23, ref a0, ref a1, ref a2, ref a3, ref b20, ref b21);
                Mma(ref d30, ref d31, ref d32, ref d33, ref a0, ref a1, ref a2, ref a3, ref b30, ref b31);
            }
            Group.Barrier();
        }
        int row = row0 + wm + g, col = col0 + wn + 2 * t;
        StoreTile(s, c, workspace, z, output, row, col, d00, d01, d02, d03);
        StoreTile(s, c, workspace, z, output, row, col + 8, d10, d11, d12, d13);
        StoreTile(s, c, workspace, z, output, row, col + 16, d20, d21, d22, d23);
        StoreTile(s, c, workspace, z, output, row, col + 24, d30, d31, d32, d33);
    }

    /// <summary>x rounded to TF32 (10 mantissa bits, to nearest, ties away), as the mma reads it.</summary>
    private static uint Tf32(float x)
    {
        if (CudaAsm.IsSupported)
        {
            CudaAsm.Emit("cvt.rna.tf32.f32 %0, %1;", out uint r, x);
            return r;
        }
        return RoundToTf32(Interop.FloatAsInt(x));
    }

    /// <summary>cvt.rna on a float's bits: half of the 13 dropped bits' unit added to the magnitude, then cut (ties away from
    /// zero; a carry into the exponent rounds up as it should); infinities and NaNs pass unchanged.</summary>
    public static uint RoundToTf32(uint bits) => (bits & 0x7F800000u) == 0x7F800000u ? bits : (bits + 0x1000u) & 0xFFFFE000u;

    /// <summary>d += a b for one m16n8k8 fragment (row-major A, column-major B): D = A B + C with C the old d.</summary>
    private static void Mma(ref float d0, ref float d1, ref float d2, ref float d3, ref uint a0, ref uint a1, ref uint a2, ref uint a3,
        ref uint b0, ref uint b1)
    {
        if (!CudaAsm.IsSupported)
        {
            MmaByShuffles(ref d0, ref d1, ref d2, ref d3, a0, a1, a2, a3, b0, b1);
            return;
        }
        Output<float> o0 = default, o1 = default, o2 = default, o3 = default;
        Input<uint> x0 = a0, x1 = a1, x2 = a2, x3 = a3, y0 = b0, y1 = b1;
        Input<float> c0 = d0, c1 = d1, c2 = d2, c3 = d3;
        CudaAsm.EmitRef("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%10,%11,%12,%13};",
            ref o0, ref o1, ref o2, ref o3, ref x0, ref x1, ref x2, ref x3, ref y0, ref y1, ref c0, ref c1, ref c2, ref c3);
        d0 = o0.Value;
        d1 = o1.Value;
        d2 = o2.Value;
        d3 = o3.Value;
    }

    /// <summary>
    /// The m16n8k8 product without tensor cores, from the same fragments: lane (g, t) holds A[g][t] (a0), A[g + 8][t] (a1),
    /// A[g][t + 4] (a2), A[g + 8][t + 4] (a3), B[t][g] (b0), B[t + 4][g] (b1), and owns D[g][2t], D[g][2t + 1], D[g + 8][2t],
    /// D[g + 8][2t + 1]. So A[g][k] comes from lane 4g + (k mod 4) and B[k][n] from lane 4n + (k mod 4). Every lane of the
    /// warp runs it (the shuffles need them all). The TF32 products are exact in float; the sums run in k order.
    /// </summary>
    private static void MmaByShuffles(ref float d0, ref float d1, ref float d2, ref float d3, uint a0, uint a1, uint a2, uint a3,
        uint b0, uint b1)
    {
        int lane = Warp.LaneIdx, g = lane >> 2, t = lane & 3;
        for (int k = 0; k < 8; k++)
        {
            int q = k & 3;
            bool high = k >= 4;
            uint rowG = Warp.Shuffle(high ? a2 : a0, 4 * g + q), rowG8 = Warp.Shuffle(high ? a3 : a1, 4 * g + q);
            uint col0 = Warp.Shuffle(high ? b1 : b0, 4 * (2 * t) + q), col1 = Warp.Shuffle(high ? b1 : b0, 4 * (2 * t + 1) + q);
            float x = Interop.IntAsFloat(rowG), x8 = Interop.IntAsFloat(rowG8);
            float y0 = Interop.IntAsFloat(col0), y1 = Interop.IntAsFloat(col1);
            d0 += x * y0;
            d1 += x * y1;
            d2 += x8 * y0;
            d3 += x8 * y1;
        }
    }

    private static void StoreTile(GemmShape s, ArrayView<float> c, ArrayView<float> workspace, int z, int output, int row, int col,
        float v0, float v1, float v2, float v3)
    {
        GemmGpu.Store(s, c, workspace, z, output, row, col, v0);
        GemmGpu.Store(s, c, workspace, z, output, row, col + 1, v1);
        GemmGpu.Store(s, c, workspace, z, output, row + 8, col, v2);
        GemmGpu.Store(s, c, workspace, z, output, row + 8, col + 1, v3);
    }
}
