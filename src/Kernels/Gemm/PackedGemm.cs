using System.Runtime.CompilerServices;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Gemm;

/// <summary>
/// The packed GEMM at one vector width (GotoBLAS's blocking): for each DepthBlock-deep block of K (and each summed
/// entry, in order), A's rows are packed into Rows-row panels (shared by all threads; skipped when prepacked), then the
/// columns are shared out in tasks of up to eight 3-vector B panels: a task packs its panels (they stay in L2) and runs
/// the register block for each A panel (then in L1) against all of them. Each C element is summed in one order (depth
/// blocks and entries in sequence, each block's sum in the micro-kernel's fixed order) whatever the threads: only the
/// split of rows and columns among threads varies, never the split of a sum.
/// </summary>
internal static unsafe class PackedGemm<TS, TV> where TS : struct, ISimdWidth<TV> where TV : struct
{
    private const int PanelsPerTask = 8;

    // Packed A of the thread that runs a product (shared with its helpers), and each thread's own packed B panels.
    [ThreadStatic] private static NativeScratch? _rows;
    [ThreadStatic] private static NativeScratch? _columns;
    // Each thread's packed A rows of its tile, in a sum of products.
    [ThreadStatic] private static NativeScratch? _tileRows;

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
        if (entries > 1 && threads > 1)
        {
            SummedTiles(workers!, m, n, k, a, b, c, entries);
            return;
        }
        // About four column tasks per thread for balance, each at most PanelsPerTask panels.
        int perTask = Math.Clamp(nPanels / (4 * threads), 1, PanelsPerTask);
        int tasks = (nPanels + perTask - 1) / perTask;
        float** inPlace = stackalloc float*[GemmCpu.DepthBlock];
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
                float** bRows = b.RowsInPlace(entry, k0, kc, inPlace) ? inPlace : null;
                if (rows == null && bRows != null)
                {
                    // B in place and A to pack: row tasks, each A panel packed into the thread's L1 and run at once
                    // against every column (A is then read once, from where it lies, and never round memory).
                    For(workers, mPanels, 1, (lo, hi) =>
                    {
                        for (int p = lo; p < hi; p++)
                            RowTask(a, entry, row0 + p * mr, Math.Min(mr, mc - p * mr), n, depth0, kc, output, bRows);
                    });
                    continue;
                }
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
                        ColumnTask(b, entry, t * perTask, Math.Min(nPanels, (t + 1) * perTask), n, depth0, kc, packed, row0, mc, output, bRows);
                });
            }
        }
    }

    /// <summary>
    /// A sum of products (entries) over several threads: C cut once into tiles of whole panels (columns in tasks of up to
    /// PanelsPerTask panels, rows in parts where there are too few column tasks to go round), each tile summed over every
    /// entry and depth block by one thread, which packs its own A rows and B panels. One parallel loop for the whole
    /// sum, where the plain way would start two per entry and depth block (a 1x1 layer's weight gradient sums 32
    /// products of one depth block or a few: the loops' starts cost more than the products on two threads). Each C
    /// element is summed in the same order as on one thread.
    /// </summary>
    private static void SummedTiles<TA, TB>(CpuWorkers workers, int m, int n, int k, TA a, TB b, GemmOutput c, int entries)
        where TA : struct, IRowPacker where TB : struct, IColumnPacker
    {
        int mr = TS.Rows, threads = workers.Threads, mPanels = (m + mr - 1) / mr, nPanels = (n + PanelCols - 1) / PanelCols;
        int perTask = Math.Clamp(nPanels / (2 * threads), 1, PanelsPerTask), tasks = (nPanels + perTask - 1) / perTask;
        int parts = tasks >= 2 * threads ? 1 : Math.Min(mPanels, (2 * threads + tasks - 1) / tasks), perPart = (mPanels + parts - 1) / parts;
        workers.For(tasks * parts, 1, (lo, hi) =>
        {
            float** inPlace = stackalloc float*[GemmCpu.DepthBlock];
            for (int t = lo; t < hi; t++)
            {
                int task = t / parts, p0 = t % parts * perPart, row0 = p0 * mr, rows = Math.Min(m, (p0 + perPart) * mr) - row0;
                if (rows <= 0) continue;
                int panels = (rows + mr - 1) / mr, jp0 = task * perTask, jp1 = Math.Min(nPanels, jp0 + perTask);
                for (int e = 0; e < entries; e++)
                for (int k0 = 0; k0 < k; k0 += GemmCpu.DepthBlock)
                {
                    int kc = Math.Min(GemmCpu.DepthBlock, k - k0);
                    var output = e == 0 && k0 == 0 ? c : c.Accumulating;
                    float* packed = a.Prepacked(k0);
                    if (packed != null) packed += (long)row0 * kc;
                    else
                    {
                        packed = NativeScratch.Get(ref _tileRows, (long)panels * mr * GemmCpu.DepthBlock);
                        for (int p = 0; p < panels; p++)
                            a.Pack(e, row0 + p * mr, Math.Min(mr, rows - p * mr), k0, kc, mr, packed + (long)p * mr * kc);
                    }
                    float** bRows = b.RowsInPlace(e, k0, kc, inPlace) ? inPlace : null;
                    ColumnTask(b, e, jp0, jp1, n, k0, kc, packed, row0, rows, output, bRows);
                }
            }
        });
    }

    /// <summary>
    /// Panel jp's first column and width: three vectors, the last what is left, except that a last panel of one vector
    /// after a full one makes the two of two vectors each (a one-vector block is bound by its broadcasts: the 64-column
    /// products of 64-channel weight gradients).
    /// </summary>
    private static (int Col0, int Cols) Panel(int jp, int n)
    {
        int f = TS.Floats, nr = PanelCols, last = (n - 1) / nr, col0 = jp * nr;
        if (last >= 1 && n - last * nr <= f)
        {
            if (jp == last - 1) return (col0, 2 * f);
            if (jp == last) return (col0 - f, n - col0 + f);
        }
        return (col0, Math.Min(nr, n - col0));
    }

    private static void For(CpuWorkers? workers, int count, int grain, Action<int, int> body)
    {
        if (workers == null) body(0, count);
        else workers.For(count, grain, body);
    }

    /// <summary>
    /// Packs B panels [jp0, jp1) of depth block k0 (unless bRows gives B's rows in place) and multiplies every packed A
    /// panel by them into C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnTask<TB>(TB b, int entry, int jp0, int jp1, int n, int k0, int kc, float* rows, int i0, int mc, GemmOutput o,
        float** bRows)
        where TB : struct, IColumnPacker
    {
        int mr = TS.Rows, f = TS.Floats, nr = PanelCols;
        if (bRows != null)
        {
            ColumnsInPlace(jp0, jp1, n, kc, rows, i0, mc, o, bRows);
            return;
        }
        float* panels = NativeScratch.Get(ref _columns, (long)PanelsPerTask * GemmCpu.DepthBlock * nr);
        for (int jp = jp0; jp < jp1; jp++)
        {
            var (col0, cols) = Panel(jp, n);
            b.Pack(entry, col0, cols, k0, kc, (cols + f - 1) / f * f, panels + (long)(jp - jp0) * kc * nr);
        }
        int mPanels = (mc + mr - 1) / mr;
        for (int ip = 0; ip < mPanels; ip++)
        {
            int row = ip * mr, count = Math.Min(mr, mc - row);
            float* ap = rows + (long)row * kc, crow = o.C + (i0 + row) * o.Ldc;
            float* bias = o.Bias == null ? null : o.Bias + i0 + row;
            for (int jp = jp0; jp < jp1; jp++)
            {
                var (col0, cols) = Panel(jp, n);
                float* bp = panels + (long)(jp - jp0) * kc * nr, c = crow + col0;
                switch ((cols + f - 1) / f)
                {
                    case 3: MicroKernel<TS, TV>.Tile<ThreeVectors, PackedPanel>(kc, ap, bp, null, 0, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                    case 2: MicroKernel<TS, TV>.Tile<TwoVectors, PackedPanel>(kc, ap, bp, null, 0, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                    default: MicroKernel<TS, TV>.Tile<OneVector, PackedPanel>(kc, ap, bp, null, 0, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                }
            }
        }
    }

    /// <summary>Packs the A panel of rows [row, row + count) and multiplies it by every column of B (rows in place) into C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowTask<TA>(TA a, int entry, int row, int count, int n, int k0, int kc, GemmOutput o, float** bRows)
        where TA : struct, IRowPacker
    {
        int mr = TS.Rows, f = TS.Floats, nPanels = (n + PanelCols - 1) / PanelCols;
        float* ap = NativeScratch.Get(ref _columns, (long)PanelsPerTask * GemmCpu.DepthBlock * PanelCols);
        a.Pack(entry, row, count, k0, kc, mr, ap);
        float* crow = o.C + row * o.Ldc, bias = o.Bias == null ? null : o.Bias + row;
        for (int jp = 0; jp < nPanels; jp++)
        {
            var (col0, cols) = Panel(jp, n);
            float* c = crow + col0;
            switch ((cols + f - 1) / f)
            {
                case 3: MicroKernel<TS, TV>.Tile<ThreeVectors, RowsInPlace>(kc, ap, null, bRows, col0, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                case 2: MicroKernel<TS, TV>.Tile<TwoVectors, RowsInPlace>(kc, ap, null, bRows, col0, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                default: MicroKernel<TS, TV>.Tile<OneVector, RowsInPlace>(kc, ap, null, bRows, col0, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
            }
        }
    }

    /// <summary>
    /// ColumnTask over B's rows in place: panel by panel (its stretch of B's rows, a few lines per row, stays in L1 while
    /// the packed A panels run against it), no packing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnsInPlace(int jp0, int jp1, int n, int kc, float* rows, int i0, int mc, GemmOutput o, float** bRows)
    {
        int mr = TS.Rows, f = TS.Floats, mPanels = (mc + mr - 1) / mr;
        for (int jp = jp0; jp < jp1; jp++)
        {
            var (col0, cols) = Panel(jp, n);
            for (int ip = 0; ip < mPanels; ip++)
            {
                int row = ip * mr, count = Math.Min(mr, mc - row);
                float* ap = rows + (long)row * kc, c = o.C + (i0 + row) * o.Ldc + col0;
                float* bias = o.Bias == null ? null : o.Bias + i0 + row;
                switch ((cols + f - 1) / f)
                {
                    case 3: MicroKernel<TS, TV>.Tile<ThreeVectors, RowsInPlace>(kc, ap, null, bRows, col0, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                    case 2: MicroKernel<TS, TV>.Tile<TwoVectors, RowsInPlace>(kc, ap, null, bRows, col0, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                    default: MicroKernel<TS, TV>.Tile<OneVector, RowsInPlace>(kc, ap, null, bRows, col0, c, o.Ldc, count, cols, o.Alpha, o.Beta, bias); break;
                }
            }
        }
    }
}
