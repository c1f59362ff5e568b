using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.Gemm;

/// <summary>
/// One (batched) single-precision product C = alpha * op(A) op(B) + beta * C as a kernel parameter (the engine's GemmCall in
/// plain fields): op(A) is M x K, A row-major with leading dimension Lda, read transposed (stored K x M) when TransposeA;
/// op(B) K x N likewise. Batch entries are at Offset + entry * Stride (a stride may be 0); SumBatch adds the entries'
/// products into one C. Splits &gt; 1 splits the K loop (over the entries too with SumBatch) into that many slices whose
/// sums go to a workspace that <see cref="GemmGpu.SplitReduce"/> adds in a fixed order.
/// </summary>
public readonly record struct GemmShape(int M, int N, int K, int Lda, int Ldb, int Ldc, int TransposeA, int TransposeB,
    long OffsetA, long OffsetB, long OffsetC, long StrideA, long StrideB, long StrideC, float Alpha, float Beta, int Batch, int SumBatch,
    int Splits)
{
    /// <summary>The C matrices written: Batch, or 1 with SumBatch.</summary>
    public int Outputs => SumBatch != 0 ? 1 : Batch;

    /// <summary>Tiles of <see cref="GemmGpu.TileK"/> along K.</summary>
    public int KTiles => (K + GemmGpu.TileK - 1) / GemmGpu.TileK;

    /// <summary>The steps of one output's loop: its K tiles, of every entry with SumBatch.</summary>
    public int Steps => SumBatch != 0 ? Batch * KTiles : KTiles;

    /// <summary>Steps per split (the last split may have fewer).</summary>
    public int StepsPerSplit => (Steps + Splits - 1) / Splits;

    public int TilesM => (M + GemmGpu.TileM - 1) / GemmGpu.TileM;
    public int TilesN => (N + GemmGpu.TileN - 1) / GemmGpu.TileN;

    /// <summary>The output that grid layer z (of Outputs * Splits) computes a slice of.</summary>
    public int OutputOf(int z) => z / Splits;

    /// <summary>The first K step of grid layer z's slice.</summary>
    public int FirstStep(int z) => (z - OutputOf(z) * Splits) * StepsPerSplit;

    /// <summary>One past the last K step of grid layer z's slice.</summary>
    public int EndStep(int z) => Math.Min(Steps, FirstStep(z) + StepsPerSplit);

    /// <summary>The batch entry a K step reads (with SumBatch the steps run over every entry's K tiles in turn).</summary>
    public int EntryOf(int step, int output) => SumBatch != 0 ? step / KTiles : output;

    /// <summary>The first K index of a step within its entry.</summary>
    public int DepthOf(int step, int entry) => (step - (SumBatch != 0 ? entry * KTiles : 0)) * GemmGpu.TileK;

    /// <summary>Floats of workspace the split sums need (0 without splits).</summary>
    public long WorkspaceFloats => Splits > 1 ? (long)Outputs * Splits * M * N : 0;
}

/// <summary>
/// The tiled GEMM: 64 x 64 tiles of C per group of 256 work-items, each work-item 4 x 4 outputs (rows ty + 16 i, columns
/// tx + 16 j, so that stores and shared-memory reads are consecutive across a warp), K in steps of 16 through shared
/// memory (A's tile stored k-major, both operands' loads coalesced whatever the transposes). Products are plain a * b + c
/// (no FusedMultiplyAdd, which ILGPU's OpenCL backend is reported to miscompile). Deterministic: each output's sum runs in
/// one fixed order; split-K slices are added in slice order by <see cref="SplitReduce"/>.
/// </summary>
public static class GemmGpu
{
    public const int TileM = 64, TileN = 64, TileK = 16, Threads = 256;

    /// <summary>Groups a product's grid should reach: twice the SMs of the largest GPU aimed at (an H100's 132).</summary>
    public const int TargetGroups = 264;

    /// <summary>The fewest K steps (of <see cref="TileK"/>) in one slice of a split product.</summary>
    public const int MinStepsPerSplit = 4;

    /// <summary>
    /// The split of the K loop for a product: products of fewer than <see cref="TargetGroups"/> output tiles (weight
    /// gradients, small layers) get slices of at least <see cref="MinStepsPerSplit"/> steps until about TargetGroups
    /// groups run; everything else 1. From the shape alone, never the device, so that every device adds the same sums in
    /// the same order.
    /// </summary>
    public static int PlanSplits(GemmShape s)
    {
        long tiles = (long)s.TilesM * s.TilesN * s.Outputs;
        int steps = s.Steps;
        if (tiles >= TargetGroups || steps < 2 * MinStepsPerSplit) return 1;
        // Slices of a whole number of steps, rounded down so that the slices (all non-empty) reach the target.
        long wanted = (TargetGroups + tiles - 1) / tiles;
        int per = (int)Math.Max(MinStepsPerSplit, steps / wanted);
        return (steps + per - 1) / per;
    }

    /// <summary>Whether a kernel (by its catalog name) is a product kernel, whose grid the audit holds to the target.</summary>
    public static bool IsProduct(string kernel) => kernel is "gemm_tiled" or "gemm_tf32_mma";

    /// <summary>Whether a planned product could be cut into more slices (false: it is as split as its depth allows).</summary>
    public static bool CanSplitFurther(GemmShape s) => s.Steps / MinStepsPerSplit > s.Splits;

    /// <summary>Grid: (TilesN, TilesM, Outputs * Splits) groups of <see cref="Threads"/>.</summary>
    public static void Tiled(GemmShape s, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, ArrayView<float> workspace)
    {
        var tileA = SharedMemory.Allocate<float>(TileK * TileM);
        var tileB = SharedMemory.Allocate<float>(TileK * TileN);
        int tid = Group.IdxX, tx = tid & 15, ty = tid >> 4;
        int row0 = Grid.IdxY * TileM, col0 = Grid.IdxX * TileN;
        int z = Grid.IdxZ, output = s.OutputOf(z), first = s.FirstStep(z), last = s.EndStep(z);

        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        for (int step = first; step < last; step++)
        {
            int entry = s.EntryOf(step, output);
            LoadTiles(s, a, b, tileA, tileB, tid, row0, col0, entry, s.DepthOf(step, entry));
            Group.Barrier();
            for (int kk = 0; kk < TileK; kk++)
            {
                int ra = kk * TileM + ty, rb = kk * TileN + tx;
                float a0 = tileA[ra], a1 = tileA[ra + 16], a2 = tileA[ra + 32], a3 = tileA[ra + 48];
                float b0 = tileB[rb], b1 = tileB[rb + 16], b2 = tileB[rb + 32], b3 = tileB[rb + 48];
                c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
                c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
                c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
                c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            }
            Group.Barrier();
        }
        int row = row0 + ty, col = col0 + tx;
        Store(s, c, workspace, z, output, row, col, c00); Store(s, c, workspace, z, output, row, col + 16, c01);
        Store(s, c, workspace, z, output, row, col + 32, c02); Store(s, c, workspace, z, output, row, col + 48, c03);
        Store(s, c, workspace, z, output, row + 16, col, c10); Store(s, c, workspace, z, output, row + 16, col + 16, c11);
        Store(s, c, workspace, z, output, row + 16, col + 32, c12); Store(s, c, workspace, z, output, row + 16, col + 48, c13);
        Store(s, c, workspace, z, output, row + 32, col, c20); Store(s, c, workspace, z, output, row + 32, col + 16, c21);
        Store(s, c, workspace, z, output, row + 32, col + 32, c22); Store(s, c, workspace, z, output, row + 32, col + 48, c23);
        Store(s, c, workspace, z, output, row + 48, col, c30); Store(s, c, workspace, z, output, row + 48, col + 16, c31);
        Store(s, c, workspace, z, output, row + 48, col + 32, c32); Store(s, c, workspace, z, output, row + 48, col + 48, c33);
    }

    /// <summary>
    /// Loads step (entry, k0)'s tiles into shared memory, k-major: tileA[kk * TileM + m] = op(A)[row0 + m, k0 + kk] and
    /// tileB[kk * TileN + n] = op(B)[k0 + kk, col0 + n], zero outside the matrices. Consecutive work-items read consecutive
    /// addresses of whichever layout the operand has. Every work-item of the group calls it (256 of them).
    /// </summary>
    internal static void LoadTiles(GemmShape s, ArrayView<float> a, ArrayView<float> b, ArrayView<float> tileA, ArrayView<float> tileB, int tid,
        int row0, int col0, int entry, int k0)
    {
        long baseA = s.OffsetA + entry * s.StrideA, baseB = s.OffsetB + entry * s.StrideB;
        for (int r = 0; r < TileK * TileM / Threads; r++)
        {
            int e = tid + r * Threads;
            int m = s.TransposeA == 0 ? e >> 4 : e & 63, kk = s.TransposeA == 0 ? e & 15 : e >> 6;
            int gm = row0 + m, gk = k0 + kk;
            float v = 0f;
            if (gm < s.M && gk < s.K)
                v = s.TransposeA == 0 ? a[baseA + (long)gm * s.Lda + gk] : a[baseA + (long)gk * s.Lda + gm];
            tileA[kk * TileM + m] = v;
        }
        for (int r = 0; r < TileK * TileN / Threads; r++)
        {
            int e = tid + r * Threads;
            int n = s.TransposeB == 0 ? e & 63 : e >> 4, kk = s.TransposeB == 0 ? e >> 6 : e & 15;
            int gn = col0 + n, gk = k0 + kk;
            float v = 0f;
            if (gn < s.N && gk < s.K)
                v = s.TransposeB == 0 ? b[baseB + (long)gk * s.Ldb + gn] : b[baseB + (long)gn * s.Ldb + gk];
            tileB[kk * TileN + n] = v;
        }
    }

    /// <summary>C = alpha * (sum of the slices in order) + beta * C, one work-item per output element (grid-strided).</summary>
    public static void SplitReduce(GemmShape s, ArrayView<float> workspace, ArrayView<float> c)
    {
        long plane = (long)s.M * s.N, n = s.Outputs * plane;
        for (long i = GpuLaunch.GlobalIndex; i < n; i += GpuLaunch.GlobalStride)
        {
            long output = i / plane, rc = i - output * plane;
            float acc = 0f;
            for (int split = 0; split < s.Splits; split++) acc += workspace[(output * s.Splits + split) * plane + rc];
            long row = rc / s.N;
            Write(s, c, output, row, rc - row * s.N, acc);
        }
    }

    internal static void Store(GemmShape s, ArrayView<float> c, ArrayView<float> workspace, int z, int output, int row, int col, float acc)
    {
        if (row >= s.M || col >= s.N) return;
        if (s.Splits > 1) workspace[((long)z * s.M + row) * s.N + col] = acc;
        else Write(s, c, output, row, col, acc);
    }

    private static void Write(GemmShape s, ArrayView<float> c, long output, long row, long col, float acc)
    {
        long i = s.OffsetC + output * s.StrideC + row * s.Ldc + col;
        float v = s.Alpha * acc;
        if (s.Beta != 0f) v += s.Beta * c[i];
        c[i] = v;
    }
}
