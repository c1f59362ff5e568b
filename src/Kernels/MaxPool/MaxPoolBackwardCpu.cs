using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.MaxPool;

/// <summary>
/// Max pooling backward (pool.c): dx[e] = the sum of dy[o] over the outputs o whose recorded tap is input element e.
/// One plane per step, the planes split over the pool: the plane's dx cleared, then each output's gradient added at
/// its tap, outputs in row-major order; a plane belongs to one thread, so overlapping windows (3x3 stride 2) need no
/// atomics and add in the same order on any pool. A tap that names no input position (not from this geometry's
/// forward) is skipped rather than written out of the plane.
/// </summary>
public static unsafe class MaxPoolBackwardCpu
{
    public static void Backward(CpuWorkers workers, PoolWindow w, float* taps, float* dy, float* dx)
    {
        int inPlane = w.InH * w.InW, outPlane = w.OutH * w.OutW, windowTaps = w.PoolH * w.PoolW;
        Chunked.Items(workers, w.Planes, inPlane + 2L * outPlane, (begin, end) =>
        {
            // Window row and column of each tap, so that the loop over outputs does no division.
            int* tapRow = stackalloc int[windowTaps], tapCol = stackalloc int[windowTaps];
            for (int t = 0; t < windowTaps; t++) (tapRow[t], tapCol[t]) = (t / w.PoolW, t % w.PoolW);
            for (int p = begin; p < end; p++)
            {
                float* dxp = dx + (long)p * inPlane, dyp = dy + (long)p * outPlane, tp = taps + (long)p * outPlane;
                new Span<float>(dxp, inPlane).Clear();
                for (int oy = 0; oy < w.OutH; oy++)
                {
                    int y0 = oy * w.StrideH - w.PadTop;
                    for (int ox = 0, o = oy * w.OutW; ox < w.OutW; ox++, o++)
                    {
                        int t = (int)tp[o];
                        if ((uint)t >= (uint)windowTaps) continue;
                        int iy = y0 + tapRow[t], ix = ox * w.StrideW - w.PadLeft + tapCol[t];
                        if ((uint)iy < (uint)w.InH && (uint)ix < (uint)w.InW) dxp[iy * w.InW + ix] += dyp[o];
                    }
                }
            }
        });
    }
}
