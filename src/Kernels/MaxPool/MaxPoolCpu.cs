using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.MaxPool;

/// <summary>
/// 2-D max pooling forward: y = the maximum of each window, taps = the window position i * PoolW + j of the
/// first maximum in row-major window order (strict &gt;), padding included in the numbering but never winning, stored
/// as a float (exact: taps are small). One output row per step, the rows of all planes split over the pool: the
/// columns whose windows lie inside the row run without per-tap checks (vectorised for strides 1 and 2), the few edge
/// columns with them.
/// </summary>
public static unsafe class MaxPoolCpu
{
    public static void Forward(CpuWorkers workers, PoolWindow w, float* x, float* y, float* taps) =>
        Chunked.Items(workers, w.Planes * w.OutH, (long)w.PoolH * w.InW, (begin, end) =>
        {
            float** rows = stackalloc float*[w.PoolH];
            float* rowTaps = stackalloc float[w.PoolH];
            int interiorBegin = w.InteriorBegin, interiorEnd = w.InteriorEnd;
            for (int r = begin; r < end; r++)
            {
                int oy = r % w.OutH, y0 = oy * w.StrideH - w.PadTop;
                float* plane = x + (long)(r / w.OutH) * w.InH * w.InW, yr = y + (long)r * w.OutW, tr = taps + (long)r * w.OutW;
                for (int ox = 0; ox < interiorBegin; ox++) Checked(w, plane, y0, ox, yr, tr);
                for (int ox = interiorEnd; ox < w.OutW; ox++) Checked(w, plane, y0, ox, yr, tr);
                // The window rows inside the input (at least one: padding is less than the window), shifted so that
                // column ox * StrideW + j of a row pointer is input column ox * StrideW - PadLeft + j.
                int count = 0;
                for (int i = 0; i < w.PoolH; i++)
                    if (y0 + i >= 0 && y0 + i < w.InH)
                    {
                        rows[count] = plane + (long)(y0 + i) * w.InW - w.PadLeft;
                        rowTaps[count++] = i * w.PoolW;
                    }
                var interior = new MaxPoolInteriorRun(rows, rowTaps, count, w.PoolW, w.StrideW, yr, tr);
                if (w.StrideW <= 2) Streams.For(ref interior, interiorBegin, interiorEnd);
                else for (int ox = interiorBegin; ox < interiorEnd; ox++) interior.Invoke(ox);
            }
        });

    /// <summary>Output (oy, ox) with every tap checked against the input's bounds: the edge columns.</summary>
    private static void Checked(PoolWindow w, float* plane, int y0, int ox, float* yr, float* tr)
    {
        int x0 = ox * w.StrideW - w.PadLeft, bestTap = -1;
        float best = 0f;
        for (int i = 0; i < w.PoolH; i++)
            for (int j = 0; j < w.PoolW; j++)
            {
                int iy = y0 + i, ix = x0 + j;
                if (iy < 0 || iy >= w.InH || ix < 0 || ix >= w.InW) continue;
                float v = plane[(long)iy * w.InW + ix];
                if (bestTap < 0 || v > best)
                {
                    best = v;
                    bestTap = i * w.PoolW + j;
                }
            }
        yr[ox] = best;
        tr[ox] = bestTap;
    }
}
