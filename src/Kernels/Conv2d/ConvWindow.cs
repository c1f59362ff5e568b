using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Conv2d;

/// <summary>A run of output positions along one output row: where it goes in the packed row, and its first input (y, x) before the tap offset.</summary>
internal readonly record struct WindowRun(int Offset, int Length, int Y, int X);

/// <summary>
/// The im2col matrix of one image seen in place: row (c, i, j), column p = (oy, ox) holds
/// image[c, oy*sh - padTop + i*dh, ox*sw - padLeft + j*dw], zero outside the image. The packers copy runs of it
/// (one output row's stretch at a time, whole vectors where the stride is 1) straight into GEMM panels, so no im2col
/// matrix is ever written.
/// </summary>
internal readonly unsafe struct ConvWindow(int channels, int inH, int inW, int outW, int kernelH, int kernelW,
    int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft)
{
    public int ImageFloats => channels * inH * inW;

    /// <summary>Splits positions [p0, p0 + count) into runs along output rows; returns how many (at most count).</summary>
    public int Runs(int p0, int count, WindowRun* runs)
    {
        int oy = p0 / outW, ox = p0 - oy * outW, n = 0;
        for (int offset = 0; offset < count; ox = 0, oy++)
        {
            int length = Math.Min(outW - ox, count - offset);
            runs[n++] = new WindowRun(offset, length, oy * strideH - padTop, ox * strideW - padLeft);
            offset += length;
        }
        return n;
    }

    /// <summary>Row kd's tap: channel, kernel row, kernel column.</summary>
    public (int C, int I, int J) Tap(int kd)
    {
        int taps = kernelH * kernelW, c = kd / taps, r = kd - c * taps;
        return (c, r / kernelW, r % kernelW);
    }

    /// <summary>The tap of the next row (divisions only where a packing loop starts).</summary>
    public void Next(ref int c, ref int i, ref int j)
    {
        if (++j < kernelW) return;
        j = 0;
        if (++i < kernelH) return;
        i = 0;
        c++;
    }

    /// <summary>Tap (c, i, j)'s row of the matrix over the given runs into dst (at each run's offset).</summary>
    public void Gather(float* image, int c, int i, int j, WindowRun* runs, int count, float* dst)
    {
        for (int r = 0; r < count; r++)
        {
            var run = runs[r];
            float* d = dst + run.Offset;
            int y = run.Y + i * dilationH, len = run.Length;
            if ((uint)y >= (uint)inH)
            {
                FloatRuns.Zero(d, len);
                continue;
            }
            float* row = image + ((long)c * inH + y) * inW;
            int x0 = run.X + j * dilationW;
            if (strideW == 1)
            {
                // The part inside the image is one contiguous copy; pads either side are zeros.
                int lo = Math.Clamp(-x0, 0, len), hi = Math.Clamp(inW - x0, lo, len);
                FloatRuns.Zero(d, lo);
                FloatRuns.Copy(row + x0 + lo, d + lo, hi - lo);
                FloatRuns.Zero(d + hi, len - hi);
            }
            else
                for (int t = 0, x = x0; t < len; t++, x += strideW)
                    d[t] = (uint)x < (uint)inW ? row[x] : 0f;
        }
    }
}
