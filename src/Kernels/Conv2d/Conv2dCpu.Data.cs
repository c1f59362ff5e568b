using System.Runtime.CompilerServices;
using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Gemm;

namespace GrnGpu.Kernels.Conv2d;

public static unsafe partial class Conv2dCpu
{
    /// <summary>
    /// dx given dy. Stride 1: dx_n = flipped W x windows(dy_n), a convolution again. Other strides: the columns
    /// W^T dy_n, then folded back onto dx_n (col2im), wide through a padded copy where the forward would run wide.
    /// </summary>
    public static void BackwardData(CpuWorkers workers, ConvShape s, float* dy, float* w, float* dx)
    {
        int cin = s.InChannels, cout = s.OutChannels, taps = s.KernelH * s.KernelW, plane = s.OutPlane;
        if (s.StrideH == 1 && s.StrideW == 1)
        {
            int depth = cout * taps;
            var weights = Prepack(new FlippedWeightRows(w, cin, s.KernelH, s.KernelW), cin, depth);
            PerImage(workers, s.Batch, (wk, n) =>
                WindowProduct(wk, weights, cin, depth, s.GradientWindows, s.Pointwise, dy + (long)n * cout * plane, dx + (long)n * cin * s.InPlane,
                    s.InH, s.InW, null));
            return;
        }
        int rows = s.Depth;
        var transposed = Prepack(new MatrixRows(w, rows, true), rows, cout);
        var windows = s.Windows;
        if (windows.Wide)
        {
            // The forward's wide product transposed: wide columns W^T dy_n (dy widened with zeros), folded back through
            // the padded copy.
            long* offsets = stackalloc long[windows.Taps];
            windows.WideOffsets(offsets);
            int wide = windows.WidePlane;
            PerImage(workers, s.Batch, (wk, n) =>
            {
                float* widened = NativeScratch.Get(ref _wide, (long)cout * wide);
                float* columns = NativeScratch.Get(ref _columns, (long)rows * wide);
                float* padded = NativeScratch.Get(ref _padded, windows.PaddedFloats);
                windows.Widen(dy + (long)n * cout * plane, cout, widened);
                GemmCpu.Run(wk, rows, wide, cout, transposed, new MatrixColumns(widened, wide, false), new GemmOutput(columns, wide));
                windows.Fold(columns, offsets, padded, dx + (long)n * cin * s.InPlane);
            });
            return;
        }
        PerImage(workers, s.Batch, (wk, n) =>
        {
            float* columns = NativeScratch.Get(ref _columns, (long)rows * plane);
            GemmCpu.Run(wk, rows, plane, cout, transposed, new MatrixColumns(dy + (long)n * cout * plane, plane, false), new GemmOutput(columns, plane));
            Col2Im(s, columns, dx + (long)n * cin * s.InPlane);
        });
    }

    /// <summary>
    /// Adds the columns (rows (c, i, j), one column per output position) back onto the image positions they were read
    /// from, in a fixed order: tap by tap, output row by output row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
}
