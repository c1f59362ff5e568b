using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.MaxPool;

/// <summary>
/// Max pooling backward: dx[e] = the sum of dy[o] over the outputs o whose recorded tap is input element e.
/// One plane per step, the planes split over the pool: the plane's dx cleared, then each output's gradient added at
/// its tap, outputs in row-major order; a plane belongs to one thread, so overlapping windows (3x3 stride 2) need no
/// atomics and add in the same order on any pool. A tap that names no input position (not from this geometry's
/// forward) is skipped rather than written out of the plane. 2x2 windows of stride 2 without leading padding, where
/// windows do not overlap, write whole pairs of columns with vectors instead (<see cref="MaxPoolPairsGradientRun"/>).
/// </summary>
public static unsafe class MaxPoolBackwardCpu
{
    public static void Backward(CpuWorkers workers, PoolWindow w, float* taps, float* dy, float* dx)
    {
        int inPlane = w.InH * w.InW, outPlane = w.OutH * w.OutW, windowTaps = w.PoolH * w.PoolW;
        bool pairs = w is { PoolH: 2, PoolW: 2, StrideH: 2, StrideW: 2, PadTop: 0, PadLeft: 0 };
        // Outputs whose two columns lie inside the row (the last one of an odd row with padding after it does not).
        int pairedColumns = pairs ? Math.Min(w.OutW, w.InW / 2) : 0;
        Chunked.Items(workers, w.Planes, inPlane + 2L * outPlane, (begin, end) =>
        {
            // Window row and column of each tap, so that the loop over outputs does no division.
            int* tapRow = stackalloc int[windowTaps], tapCol = stackalloc int[windowTaps];
            for (int t = 0; t < windowTaps; t++) (tapRow[t], tapCol[t]) = (t / w.PoolW, t % w.PoolW);
            int inH = w.InH, inW = w.InW, outH = w.OutH, outW = w.OutW, strideH = w.StrideH, strideW = w.StrideW, padTop = w.PadTop, padLeft = w.PadLeft;
            for (int p = begin; p < end; p++)
            {
                float* dxp = dx + (long)p * inPlane, dyp = dy + (long)p * outPlane, tp = taps + (long)p * outPlane;
                new Span<float>(dxp, inPlane).Clear();
                for (int oy = 0; oy < outH; oy++)
                {
                    int y0 = oy * strideH - padTop, o = oy * outW;
                    if (pairedColumns > 0)
                    {
                        var run = new MaxPoolPairsGradientRun(tp + o, dyp + o, dxp + y0 * inW, y0 + 1 < inH ? dxp + (y0 + 1) * inW : null);
                        Streams.For(ref run, 0, pairedColumns);
                    }
                    for (int ox = pairedColumns; ox < outW; ox++)
                    {
                        int t = (int)tp[o + ox];
                        if ((uint)t >= (uint)windowTaps) continue;
                        int iy = y0 + tapRow[t], ix = ox * strideW - padLeft + tapCol[t];
                        if ((uint)iy < (uint)inH && (uint)ix < (uint)inW) dxp[iy * inW + ix] += dyp[o + ox];
                    }
                }
            }
        });
    }
}
