using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Gemm;

namespace GrnGpu.Kernels.Conv2d;

/// <summary>
/// 2-D convolution on the CPU as packed GEMMs whose window operand is packed straight from the images: no im2col matrix
/// in memory. Where the padding is narrow the products run "wide" over a zero-padded copy of each image (its stride
/// phases split apart), so that every packed row is one straight copy (<see cref="WideWindowColumns"/>); elsewhere the
/// packers walk the windows run by run (<see cref="WindowColumns"/>). Images are shared out among the threads (each
/// product then runs on one thread) when there are enough of them, else each product is spread over the threads; the
/// weights are packed once per call. Every result is summed in an order fixed by the shapes alone. One partial file
/// per pass: the forward here with the helpers the passes share, the data gradient, the weight gradient.
/// </summary>
public static unsafe partial class Conv2dCpu
{
    /// <summary>Images per partial sum of the weight gradient: fixed, so that the sum's order does not depend on the threads.</summary>
    private const int ImagesPerPartial = 4;

    // The calling thread's packed weights and weight-gradient partials; each thread's column matrix for col2im.
    [ThreadStatic] private static NativeScratch? _weights;
    [ThreadStatic] private static NativeScratch? _partials;
    [ThreadStatic] private static NativeScratch? _columns;
    // Each thread's padded image and wide product or widened gradient.
    [ThreadStatic] private static NativeScratch? _padded;
    [ThreadStatic] private static NativeScratch? _wide;

    /// <summary>y = conv(x, w) + bias (bias may be null): per image, y_n = W x windows(x_n), the bias added as C is written.</summary>
    public static void Forward(CpuWorkers workers, ConvShape s, float* x, float* w, float* bias, float* y)
    {
        int depth = s.Depth, plane = s.OutPlane, cout = s.OutChannels;
        var weights = Prepack(new MatrixRows(w, depth, false), cout, depth);
        PerImage(workers, s.Batch, (wk, n) =>
            WindowProduct(wk, weights, cout, depth, s.Windows, s.Pointwise, x + (long)n * s.InChannels * s.InPlane, y + (long)n * cout * plane,
                s.OutH, s.OutW, bias));
    }

    /// <summary>
    /// output (m x outH x outW) = weights (m x depth) x the windows of one image (+ bias), the windows read as
    /// <see cref="ConvWindowPaths.Product"/> says.
    /// </summary>
    private static void WindowProduct(CpuWorkers? workers, PackedRows weights, int m, int depth, ConvWindow windows, bool pointwise,
        float* image, float* output, int outH, int outW, float* bias)
    {
        int plane = outH * outW;
        var path = ConvWindowPaths.Product(windows, depth, pointwise);
        if (path == ConvWindowPath.Pointwise)
            GemmCpu.Run(workers, m, plane, depth, weights, new MatrixColumns(image, plane, false), new GemmOutput(output, plane, bias: bias));
        else if (path == ConvWindowPath.Gathered)
            GemmCpu.Run(workers, m, plane, depth, weights, new WindowColumns(windows, image), new GemmOutput(output, plane, bias: bias));
        else if (path == ConvWindowPath.Compact)
        {
            float* padded = NativeScratch.Get(ref _padded, windows.PaddedFloats);
            long* offsets = stackalloc long[windows.Taps];
            windows.WideOffsets(offsets);
            windows.Pad(image, padded);
            GemmCpu.Run(workers, m, plane, depth, weights, new CompactWindowColumns(windows, padded, offsets), new GemmOutput(output, plane, bias: bias));
        }
        else
        {
            int wp = windows.PhaseW, wide = windows.WidePlane;
            float* padded = NativeScratch.Get(ref _padded, windows.PaddedFloats);
            float* result = NativeScratch.Get(ref _wide, (long)m * wide);
            long* offsets = stackalloc long[windows.Taps];
            windows.WideOffsets(offsets);
            windows.Pad(image, padded);
            GemmCpu.Run(workers, m, wide, depth, weights, new WideWindowColumns(windows, padded, offsets), new GemmOutput(result, wide, bias: bias));
            for (int r = 0; r < m; r++)
                for (int oy = 0; oy < outH; oy++)
                    FloatRuns.Copy(result + (long)r * wide + oy * wp, output + (long)r * plane + oy * outW, outW);
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
