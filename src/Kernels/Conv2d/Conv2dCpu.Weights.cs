using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Gemm;

namespace GrnGpu.Kernels.Conv2d;

public static unsafe partial class Conv2dCpu
{
    /// <summary>
    /// dw (and db when not null) given x and dy: dw^T = sum over images of windows(x_n) x dy_n^T, each group of
    /// <see cref="ImagesPerPartial"/> images into its own partial (the images' products added in turn), the partials
    /// then added in group order and transposed into dw; db sums dy per channel, one channel per task.
    /// </summary>
    public static void BackwardWeights(CpuWorkers workers, ConvShape s, float* x, float* dy, float* dw, float* db)
    {
        int depth = s.Depth, cout = s.OutChannels, plane = s.OutPlane, groups = (s.Batch + ImagesPerPartial - 1) / ImagesPerPartial;
        long size = (long)depth * cout, image = (long)s.InChannels * s.InPlane, gradient = (long)cout * plane;
        float* partials = NativeScratch.Get(ref _partials, groups * size);
        var windows = s.Windows;
        // Shallow windows (the first layer's 1-2 channels): dw = dy x windows^T, so that the gradient (the wider
        // operand) is packed by row copies and only the few taps are transposed; the partials are then dw-shaped.
        var path = ConvWindowPaths.WeightGradient(s);
        bool shallow = path == ConvWindowPath.Wide && depth < cout;
        void Group(CpuWorkers? wk, int g)
        {
            int n0 = g * ImagesPerPartial, count = Math.Min(ImagesPerPartial, s.Batch - n0);
            float* partial = partials + g * size;
            if (path == ConvWindowPath.Pointwise)
                GemmCpu.Run(wk, depth, cout, plane, new MatrixRows(x + n0 * image, plane, false, image),
                    new MatrixColumns(dy + n0 * gradient, plane, true, gradient), new GemmOutput(partial, cout), count);
            else if (shallow)
            {
                // Image by image over its padded copy and its widened gradient, each product adding to the one before
                // (the order a product summing them as entries would take).
                int wide = windows.WidePlane;
                float* padded = NativeScratch.Get(ref _padded, windows.PaddedFloats);
                float* widened = NativeScratch.Get(ref _wide, (long)cout * wide);
                long* offsets = stackalloc long[windows.Taps];
                windows.WideOffsets(offsets);
                for (int n = n0; n < n0 + count; n++)
                {
                    windows.Pad(x + n * image, padded);
                    windows.Widen(dy + n * gradient, cout, widened);
                    GemmCpu.Run(wk, cout, depth, wide, new MatrixRows(widened, wide, false), new WideWindowTaps(windows, padded, offsets),
                        new GemmOutput(partial, depth, beta: n == n0 ? 0f : 1f));
                }
            }
            else
            {
                // Products over a few images' positions one after another (as many as make about two depth blocks, so
                // that small planes still run deep products; large planes one image at a time, its copies in L2), each
                // adding to the one before: the padded copies side by side, the gradients transposed (positions x
                // channels, read in place). Wide: every wide position (the dropped columns' gradient zero); compact:
                // the output positions only, where a wide product would compute too many dropped columns.
                int positions = windows.PaddedPlane, per = Math.Clamp(2 * GemmCpu.DepthBlock / positions, 1, count);
                float* padded = NativeScratch.Get(ref _padded, per * windows.PaddedFloats);
                float* transposed = NativeScratch.Get(ref _wide, (long)per * positions * cout);
                long* offsets = stackalloc long[windows.Taps];
                windows.WideOffsets(offsets);
                for (int first = n0; first < n0 + count; first += per)
                {
                    int images = Math.Min(per, n0 + count - first);
                    for (int i = 0; i < images; i++)
                    {
                        windows.Pad(x + (first + i) * image, padded + i * windows.PaddedFloats);
                        windows.WidenTransposed(dy + (first + i) * gradient, cout, transposed + (long)i * positions * cout, windows.PaddedRow);
                    }
                    var output = new GemmOutput(partial, cout, beta: first == n0 ? 0f : 1f);
                    if (path == ConvWindowPath.Wide)
                        GemmCpu.Run(wk, depth, cout, images * positions, new WideWindowRows(windows, padded, offsets), new RowMajorColumns(transposed, cout), output);
                    else
                        GemmCpu.Run(wk, depth, cout, images * positions, new CompactWindowRows(windows, padded, offsets), new RowMajorColumns(transposed, cout), output);
                }
            }
        }
        if (groups == 1 || workers.Threads == 1)
            for (int g = 0; g < groups; g++) Group(workers, g);
        else
            workers.For(groups, 1, (lo, hi) =>
            {
                for (int g = lo; g < hi; g++) Group(null, g);
            });

        // The partials added in group order and written into dw (O x taps) in one pass, eight rows of the sum at a time
        // (transposed in 8 x 8 tiles unless shallow, whose partials are dw-shaped already).
        int sumRows = shallow ? cout : depth, sumCols = shallow ? depth : cout;
        workers.For((sumRows + 7) / 8, 1, (lo, hi) =>
        {
            for (int b = lo; b < hi; b++)
            {
                int r0 = 8 * b, rows = Math.Min(8, sumRows - r0);
                float* sum = partials + (long)r0 * sumCols;
                for (int g = 1; g < groups; g++) FloatRuns.Add(partials + g * size + (long)r0 * sumCols, sum, (long)rows * sumCols);
                if (shallow)
                {
                    FloatRuns.Copy(sum, dw + (long)r0 * depth, rows * depth);
                    continue;
                }
                int o = 0;
                if (rows == 8 && FloatTiles.CanTranspose8)
                    for (; o + 8 <= cout; o += 8) FloatTiles.Transpose8(sum + o, cout, dw + (long)o * depth + r0, depth);
                for (; o < cout; o++)
                    for (int r = 0; r < rows; r++) dw[(long)o * depth + r0 + r] = sum[(long)r * cout + o];
            }
        });
        if (db == null) return;
        workers.For(cout, 1, (lo, hi) =>
        {
            for (int o = lo; o < hi; o++)
            {
                float sum = 0f;
                for (int n = 0; n < s.Batch; n++) sum += FloatRuns.Sum(dy + n * gradient + (long)o * plane, plane);
                db[o] = sum;
            }
        });
    }
}
