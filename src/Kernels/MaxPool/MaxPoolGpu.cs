using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.MaxPool;

/// <summary>
/// 2-D max pooling on the GPU, one work-item per element (grid-strided): the forward records each
/// output's winning window tap i * PoolW + j as a float (ties to the first tap in row-major order, padding never wins);
/// the backward gathers, per input element, the gradients of the outputs whose tap is that element (no atomics).
/// </summary>
public static class MaxPoolGpu
{
    public static void Forward(PoolWindow w, ArrayView<float> x, ArrayView<float> y, ArrayView<float> taps)
    {
        int plane = w.OutH * w.OutW, n = w.Planes * plane;
        for (int o = GpuLaunch.GlobalIndex; o < n; o += GpuLaunch.GlobalStride)
        {
            int p = o / plane, r = o - p * plane, oy = r / w.OutW, ox = r - oy * w.OutW;
            long xp = (long)p * w.InH * w.InW;
            int y0 = oy * w.StrideH - w.PadTop, x0 = ox * w.StrideW - w.PadLeft;
            float best = 0f;
            int bestTap = -1;
            for (int i = 0; i < w.PoolH; i++)
            {
                int iy = y0 + i;
                if (iy < 0 || iy >= w.InH) continue;
                for (int j = 0; j < w.PoolW; j++)
                {
                    int ix = x0 + j;
                    if (ix < 0 || ix >= w.InW) continue;
                    float v = x[xp + iy * w.InW + ix];
                    if (bestTap < 0 || v > best)
                    {
                        best = v;
                        bestTap = i * w.PoolW + j;
                    }
                }
            }
            y[o] = best;
            taps[o] = bestTap;
        }
    }

    /// <summary>
    /// dx[e] = sum of dy[o] over the outputs o whose window holds e at their recorded tap. Output oy covers iy when
    /// 0 &lt;= iy + PadTop - oy * StrideH &lt; PoolH: the ceil(PoolH / StrideH) rows from (iy + PadTop) / StrideH down, visited
    /// in output order (likewise for columns).
    /// </summary>
    public static void Backward(PoolWindow w, ArrayView<float> taps, ArrayView<float> dy, ArrayView<float> dx)
    {
        int plane = w.InH * w.InW, n = w.Planes * plane;
        int candH = (w.PoolH + w.StrideH - 1) / w.StrideH, candW = (w.PoolW + w.StrideW - 1) / w.StrideW;
        for (int e = GpuLaunch.GlobalIndex; e < n; e += GpuLaunch.GlobalStride)
        {
            int p = e / plane, r = e - p * plane, iy = r / w.InW, ix = r - iy * w.InW;
            int ry = iy + w.PadTop, rx = ix + w.PadLeft;
            int oyHi = ry / w.StrideH, oxHi = rx / w.StrideW;
            long outBase = (long)p * w.OutH * w.OutW;
            float acc = 0f;
            for (int a = candH - 1; a >= 0; a--)
            {
                int oy = oyHi - a, ty = ry - oy * w.StrideH;
                if (oy < 0 || oy >= w.OutH || ty >= w.PoolH) continue;
                for (int b = candW - 1; b >= 0; b--)
                {
                    int ox = oxHi - b, tx = rx - ox * w.StrideW;
                    if (ox < 0 || ox >= w.OutW || tx >= w.PoolW) continue;
                    long o = outBase + oy * w.OutW + ox;
                    if ((int)taps[o] == ty * w.PoolW + tx) acc += dy[o];
                }
            }
            dx[e] = acc;
        }
    }
}
