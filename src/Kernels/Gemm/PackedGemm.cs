using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Gemm;

/// <summary>
/// The packed GEMM at one vector width (GotoBLAS's blocking): for each 256-deep block of K (and each summed entry, in
/// order), A's rows are packed into Rows-row panels (shared by all threads; skipped when prepacked), then the columns
/// are shared out in tasks of up to four 3-vector B panels: a task packs its panels (they stay in L1/L2) and runs the
/// register block over every A panel against them, 128 rows at a time so that that much of A stays in L2. Each C element
/// is summed in one order (depth blocks and entries in sequence, each block's sum in the micro-kernel's fixed order)
/// whatever the threads: only the split of rows and columns among threads varies, never the split of a sum.
/// </summary>
internal static unsafe class PackedGemm<TS, TV> where TS : struct, ISimdWidth<TV> where TV : struct
{
    private const int PanelsPerTask = 4;
    private const int RowsPerChunk = 128;

    // Packed A of the thread that runs a product (shared with its helpers), and each thread's own packed B panels.
    [ThreadStatic] private static NativeScratch? _rows;
    [ThreadStatic] private static NativeScratch? _columns;

    private static int PanelCols => 3 * TS.Floats;

    public static void Run<TA, TB>(CpuWorkers? workers, int m, int n, int k, TA a, TB b, GemmOutput c, int entries)
        where TA : struct, IRowPacker where TB : struct, IColumnPacker
    {
        if (m <= 0 || n <= 0) return;
        if (k <= 0 || entries <= 0)
        {
            c.ScaleOnly(m, n);
            return;
        }
        int mr = TS.Rows, threads = workers?.Threads ?? 1;
        int nPanels = (n + PanelCols - 1) / PanelCols;
        // About four column tasks per thread for balance, each at most PanelsPerTask panels.
        int perTask = Math.Clamp(nPanels / (4 * threads), 1, PanelsPerTask);
        int tasks = (nPanels + perTask - 1) / perTask;
        for (int i0 = 0; i0 < m; i0 += GemmCpu.RowBlock)
        {
            int mc = Math.Min(GemmCpu.RowBlock, m - i0), mPanels = (mc + mr - 1) / mr;
            for (int e = 0; e < entries; e++)
            for (int k0 = 0; k0 < k; k0 += GemmCpu.DepthBlock)
            {
                int kc = Math.Min(GemmCpu.DepthBlock, k - k0), entry = e, depth0 = k0, row0 = i0;
                // The first block of the first entry applies beta and the bias; the others add to it.
                var output = e == 0 && k0 == 0 ? c : c.Accumulating;
                float* rows = a.Prepacked(k0);
                if (rows != null) rows += (long)i0 * kc;
                else
                {
                    float* dst = rows = NativeScratch.Get(ref _rows, (long)GemmCpu.RowBlock * GemmCpu.DepthBlock);
                    For(workers, mPanels, 4, (lo, hi) =>
                    {
                        for (int p = lo; p < hi; p++)
                            a.Pack(entry, row0 + p * mr, Math.Min(mr, mc - p * mr), depth0, kc, mr, dst + (long)p * mr * kc);
                    });
                }
                float* packed = rows;
                For(workers, tasks, 1, (lo, hi) =>
                {
                    for (int t = lo; t < hi; t++)
                        ColumnTask(b, entry, t * perTask, Math.Min(nPanels, (t + 1) * perTask), n, depth0, kc, packed, row0, mc, output);
                });
            }
        }
    }

    private static void For(CpuWorkers? workers, int count, int grain, Action<int, int> body)
    {
        if (workers == null) body(0, count);
        else workers.For(count, grain, body);
    }

    /// <summary>Packs B panels [jp0, jp1) of depth block k0 and multiplies every packed A panel by them into C.</summary>
    private static void ColumnTask<TB>(TB b, int entry, int jp0, int jp1, int n, int k0, int kc, float* rows, int i0, int mc, GemmOutput o)
        where TB : struct, IColumnPacker
    {
        int mr = TS.Rows, f = TS.Floats, nr = PanelCols;
        float* panels = NativeScratch.Get(ref _columns, (long)PanelsPerTask * GemmCpu.DepthBlock * nr);
        for (int jp = jp0; jp < jp1; jp++)
        {
            int col0 = jp * nr, cols = Math.Min(nr, n - col0);
            b.Pack(entry, col0, cols, k0, kc, (cols + f - 1) / f * f, panels + (long)(jp - jp0) * kc * nr);
        }
        int mPanels = (mc + mr - 1) / mr, chunk = RowsPerChunk / mr;
        for (int ip0 = 0; ip0 < mPanels; ip0 += chunk)
        for (int jp = jp0; jp < jp1; jp++)
        {
            int col0 = jp * nr, cols = Math.Min(nr, n - col0), vectors = (cols + f - 1) / f;
            float* bp = panels + (long)(jp - jp0) * kc * nr;
            for (int ip = ip0; ip < Math.Min(mPanels, ip0 + chunk); ip++)
            {
                int row = ip * mr, count = Math.Min(mr, mc - row);
                float* ap = rows + (long)row * kc, c = o.C + (i0 + row) * o.Ldc + col0;
                float* bias = o.Bias == null ? null : o.Bias + i0 + row;
                switch (vectors)
                {
                    case 3: MicroKernel<TS, TV>.Tile<ThreeVectors>(kc, ap, bp, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                    case 2: MicroKernel<TS, TV>.Tile<TwoVectors>(kc, ap, bp, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                    default: MicroKernel<TS, TV>.Tile<OneVector>(kc, ap, bp, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                }
            }
        }
    }
}
