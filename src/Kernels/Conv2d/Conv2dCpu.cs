using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Gemm;

namespace GrnGpu.Kernels.Conv2d;

/// <summary>
/// 2-D convolution on the CPU as packed GEMMs whose window operand is packed straight from the images
/// (<see cref="WindowColumns"/>, <see cref="WindowRows"/>): no im2col matrix in memory. Images are shared out among the
/// threads (each product then runs on one thread) when there are enough of them, else each product is spread over the
/// threads. The weights are packed once per call. Every result is summed in an order fixed by the shapes alone.
/// </summary>
public static unsafe class Conv2dCpu
{
    /// <summary>Images per partial sum of the weight gradient: fixed, so that the sum's order does not depend on the threads.</summary>
    private const int ImagesPerPartial = 4;

    // The calling thread's packed weights and weight-gradient partials; each thread's column matrix for col2im.
    [ThreadStatic] private static NativeScratch? _weights;
    [ThreadStatic] private static NativeScratch? _partials;
    [ThreadStatic] private static NativeScratch? _columns;

    /// <summary>y = conv(x, w) + bias (bias may be null): per image, y_n = W x windows(x_n), the bias added as C is written.</summary>
    public static void Forward(CpuWorkers workers, ConvShape s, float* x, float* w, float* bias, float* y)
    {
        int depth = s.Depth, plane = s.OutPlane, cout = s.OutChannels;
        var weights = Prepack(new MatrixRows(w, depth, false), cout, depth);
        var windows = s.Windows;
        PerImage(workers, s.Batch, (wk, n) =>
        {
            float* image = x + (long)n * s.InChannels * s.InPlane;
            var output = new GemmOutput(y + (long)n * cout * plane, plane, bias: bias);
            if (s.Pointwise) GemmCpu.Run(wk, cout, plane, depth, weights, new MatrixColumns(image, plane, false), output);
            else GemmCpu.Run(wk, cout, plane, depth, weights, new WindowColumns(windows, image), output);
        });
    }

    /// <summary>
    /// dx given dy. Stride 1: dx_n = flipped W x windows(dy_n), a convolution again. Other strides: the columns
    /// W^T dy_n, then folded back onto dx_n (col2im).
    /// </summary>
    public static void BackwardData(CpuWorkers workers, ConvShape s, float* dy, float* w, float* dx)
    {
        int cin = s.InChannels, cout = s.OutChannels, taps = s.KernelH * s.KernelW, plane = s.OutPlane;
        if (s.StrideH == 1 && s.StrideW == 1)
        {
            int depth = cout * taps;
            var weights = Prepack(new FlippedWeightRows(w, cin, s.KernelH, s.KernelW), cin, depth);
            var windows = s.GradientWindows;
            PerImage(workers, s.Batch, (wk, n) =>
            {
                float* gradient = dy + (long)n * cout * plane;
                var output = new GemmOutput(dx + (long)n * cin * s.InPlane, s.InPlane);
                if (s.Pointwise) GemmCpu.Run(wk, cin, s.InPlane, depth, weights, new MatrixColumns(gradient, plane, false), output);
                else GemmCpu.Run(wk, cin, s.InPlane, depth, weights, new WindowColumns(windows, gradient), output);
            });
            return;
        }
        int rows = s.Depth;
        var transposed = Prepack(new MatrixRows(w, rows, true), rows, cout);
        PerImage(workers, s.Batch, (wk, n) =>
        {
            float* columns = NativeScratch.Get(ref _columns, (long)rows * plane);
            GemmCpu.Run(wk, rows, plane, cout, transposed, new MatrixColumns(dy + (long)n * cout * plane, plane, false), new GemmOutput(columns, plane));
            Col2Im(s, columns, dx + (long)n * cin * s.InPlane);
        });
    }

    /// <summary>
    /// dw (and db when not null) given x and dy: dw^T = sum over images of windows(x_n) x dy_n^T, each group of
    /// <see cref="ImagesPerPartial"/> images into its own partial (a product summing them as entries), the partials
    /// then added in order and transposed into dw.
    /// </summary>
    public static void BackwardWeights(CpuWorkers workers, ConvShape s, float* x, float* dy, float* dw, float* db)
    {
        int depth = s.Depth, cout = s.OutChannels, plane = s.OutPlane, groups = (s.Batch + ImagesPerPartial - 1) / ImagesPerPartial;
        long size = (long)depth * cout, image = (long)s.InChannels * s.InPlane, gradient = (long)cout * plane;
        float* partials = NativeScratch.Get(ref _partials, groups * size);
        var windows = s.Windows;
        void Group(CpuWorkers? wk, int g)
        {
            int n0 = g * ImagesPerPartial, count = Math.Min(ImagesPerPartial, s.Batch - n0);
            var b = new MatrixColumns(dy + n0 * gradient, plane, true, gradient);
            var output = new GemmOutput(partials + g * size, cout);
            if (s.Pointwise) GemmCpu.Run(wk, depth, cout, plane, new MatrixRows(x + n0 * image, plane, false, image), b, output, count);
            else GemmCpu.Run(wk, depth, cout, plane, new WindowRows(windows, x + n0 * image), b, output, count);
        }
        if (groups == 1 || workers.Threads == 1)
            for (int g = 0; g < groups; g++) Group(workers, g);
        else
            workers.For(groups, 1, (lo, hi) =>
            {
                for (int g = lo; g < hi; g++) Group(null, g);
            });

        // Partials added into the first in group order, a slice of elements per task; then transposed into dw (O x taps).
        const int Slice = 4096;
        workers.For((int)((size + Slice - 1) / Slice), 1, (lo, hi) =>
        {
            for (int t = lo; t < hi; t++)
            {
                long start = t * (long)Slice, n = Math.Min(Slice, size - start);
                for (int g = 1; g < groups; g++) FloatRuns.Add(partials + g * size + start, partials + start, n);
            }
        });
        workers.For(cout, 1, (lo, hi) =>
        {
            for (int o = lo; o < hi; o++)
            {
                float* row = dw + (long)o * depth;
                for (int kd = 0; kd < depth; kd++) row[kd] = partials[(long)kd * cout + o];
                if (db == null) continue;
                float sum = 0f;
                for (int n = 0; n < s.Batch; n++) sum += FloatRuns.Sum(dy + n * gradient + (long)o * plane, plane);
                db[o] = sum;
            }
        });
    }

    /// <summary>
    /// Adds the columns (rows (c, i, j), one column per output position) back onto the image positions they were read
    /// from, in a fixed order: tap by tap, output row by output row.
    /// </summary>
    private static void Col2Im(ConvShape s, float* columns, float* dx)
    {
        FloatRuns.Zero(dx, s.InChannels * s.InPlane);
        int plane = s.OutPlane, kd = 0;
        for (int c = 0; c < s.InChannels; c++)
        for (int i = 0; i < s.KernelH; i++)
        for (int j = 0; j < s.KernelW; j++, kd++)
        {
            // Output columns whose input column x = ox * sw + x0 lies inside the image.
            int x0 = j * s.DilationW - s.PadLeft, sw = s.StrideW;
            int lo = x0 >= 0 ? 0 : (-x0 + sw - 1) / sw, hi = Math.Min(s.OutW, (s.InW - 1 - x0) / sw + 1);
            if (s.InW - 1 - x0 < 0) hi = 0;
            for (int oy = 0; oy < s.OutH; oy++)
            {
                int iy = oy * s.StrideH - s.PadTop + i * s.DilationH;
                if ((uint)iy >= (uint)s.InH) continue;
                float* src = columns + (long)kd * plane + oy * s.OutW, dst = dx + ((long)c * s.InH + iy) * s.InW + x0;
                for (int ox = lo; ox < hi; ox++) dst[ox * sw] += src[ox];
            }
        }
    }

    /// <summary>Packs an m x k left operand once for every image's product.</summary>
    private static PackedRows Prepack<TA>(TA a, int m, int k) where TA : struct, IRowPacker
    {
        float* packed = NativeScratch.Get(ref _weights, GemmCpu.PackedRowsFloats(m, k));
        GemmCpu.PackRows(a, m, k, packed);
        return new PackedRows(packed, (m + GemmCpu.PanelRows - 1) / GemmCpu.PanelRows * GemmCpu.PanelRows);
    }

    /// <summary>body(workers, n) for every image n: one image per thread at a time when there are enough, else in turn with the threads inside.</summary>
    private static void PerImage(CpuWorkers workers, int batch, Action<CpuWorkers?, int> body)
    {
        if (workers.Threads > 1 && batch >= workers.Threads)
            workers.For(batch, 1, (lo, hi) =>
            {
                for (int n = lo; n < hi; n++) body(null, n);
            });
        else
            for (int n = 0; n < batch; n++) body(workers, n);
    }
}
