using GrnGpu.Kernels.Gpu;
using ILGPU;

namespace GrnGpu.Kernels.Conv2d;

/// <summary>
/// A 2-D convolution's window in ints (the engine's Conv2dGeometry, cross-correlation, NCHW / OIHW): output (oy, ox) reads
/// input rows oy * StrideH - PadTop + i * DilationH (i &lt; KernelH) and columns likewise; outside the input reads zero.
/// </summary>
public readonly record struct Im2ColShape(int InChannels, int InH, int InW, int KernelH, int KernelW, int StrideH, int StrideW,
    int DilationH, int DilationW, int PadTop, int PadLeft, int OutH, int OutW)
{
    /// <summary>Rows of an image's column matrix: InChannels * KernelH * KernelW.</summary>
    public int Rows => InChannels * KernelH * KernelW;

    /// <summary>Columns of an image's column matrix: OutH * OutW.</summary>
    public int Plane => OutH * OutW;
}

/// <summary>
/// The convolutions' data movement around the GEMM: column matrices of (Rows x Plane) per
/// image for a chunk of images, and the gather of a column gradient back to the input (no atomics: one work-item per input
/// element adds its window taps in a fixed order).
/// </summary>
public static class Conv2dGpu
{
    /// <summary>col[n][r][p] for n &lt; count: the input value (image n0 + n) under tap r of output position p, or 0.</summary>
    public static void Im2Col(Im2ColShape s, ArrayView<float> x, ArrayView<float> col, int n0, int count)
    {
        int rows = s.Rows, plane = s.Plane, taps = s.KernelH * s.KernelW;
        long total = (long)count * rows * plane;
        for (long e = GpuLaunch.GlobalIndex; e < total; e += GpuLaunch.GlobalStride)
        {
            long nr = e / plane;
            int p = (int)(e - nr * plane);
            int n = (int)(nr / rows), r = (int)(nr - (long)n * rows);
            int ch = r / taps, t = r - ch * taps, i = t / s.KernelW, j = t - i * s.KernelW;
            int oy = p / s.OutW, ox = p - oy * s.OutW;
            int iy = oy * s.StrideH - s.PadTop + i * s.DilationH, ix = ox * s.StrideW - s.PadLeft + j * s.DilationW;
            float v = 0f;
            if (iy >= 0 && iy < s.InH && ix >= 0 && ix < s.InW)
                v = x[(((long)(n0 + n) * s.InChannels + ch) * s.InH + iy) * s.InW + ix];
            col[e] = v;
        }
    }

    /// <summary>
    /// dx[n0 + n][c][iy][ix] = sum over taps (i, j) whose output position (oy, ox) exists of dcol[n][(c * KH + i) * KW + j][oy * OW + ox],
    /// in tap order; dx overwritten.
    /// </summary>
    public static void Col2Im(Im2ColShape s, ArrayView<float> dcol, ArrayView<float> dx, int n0, int count)
    {
        int rows = s.Rows, plane = s.Plane, inPlane = s.InH * s.InW;
        long total = (long)count * s.InChannels * inPlane;
        for (long e = GpuLaunch.GlobalIndex; e < total; e += GpuLaunch.GlobalStride)
        {
            long nc = e / inPlane;
            int q = (int)(e - nc * inPlane), iy = q / s.InW, ix = q - iy * s.InW;
            int n = (int)(nc / s.InChannels), ch = (int)(nc - (long)n * s.InChannels);
            long colBase = ((long)n * rows + (long)ch * s.KernelH * s.KernelW) * plane;
            float acc = 0f;
            for (int i = 0; i < s.KernelH; i++)
            {
                int ty = iy + s.PadTop - i * s.DilationH;
                if (ty < 0 || ty % s.StrideH != 0) continue;
                int oy = ty / s.StrideH;
                if (oy >= s.OutH) continue;
                for (int j = 0; j < s.KernelW; j++)
                {
                    int tx = ix + s.PadLeft - j * s.DilationW;
                    if (tx < 0 || tx % s.StrideW != 0) continue;
                    int ox = tx / s.StrideW;
                    if (ox >= s.OutW) continue;
                    acc += dcol[colBase + (long)(i * s.KernelW + j) * plane + oy * s.OutW + ox];
                }
            }
            dx[(long)n0 * s.InChannels * inPlane + e] = acc;
        }
    }
}
