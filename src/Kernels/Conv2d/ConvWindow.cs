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
internal readonly unsafe struct ConvWindow(int channels, int inH, int inW, int outH, int outW, int kernelH, int kernelW,
    int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft)
{
    public int ImageFloats => channels * inH * inW;

    /// <summary>The zero-padded plane a stride-1 window reads: exactly the rows and columns the windows reach.</summary>
    public int PaddedH => outH + (kernelH - 1) * dilationH;
    public int PaddedW => outW + (kernelW - 1) * dilationW;

    /// <summary>
    /// Whether to run the product "wide" (<see cref="WideWindowColumns"/>): stride 1, and the padded width at most half as
    /// wide again as the output (the extra columns are computed and dropped).
    /// </summary>
    public bool Wide => strideH == 1 && strideW == 1 && 2 * PaddedW <= 3 * outW;

    /// <summary>Floats of a padded copy, with room past the end for the last row's dropped columns to read.</summary>
    public long PaddedFloats => (long)channels * PaddedH * PaddedW + (kernelW - 1) * dilationW + 16;

    /// <summary>Where tap (c, i, j)'s wide row starts in the padded copy: its column p = oy * PaddedW + ox.</summary>
    public long WideOffset(int c, int i, int j) => ((long)c * PaddedH + i * dilationH) * PaddedW + j * dilationW;

    /// <summary>Copies an image zero-padded into PaddedH x PaddedW planes (stride 1 only).</summary>
    public void Pad(float* image, float* padded)
    {
        int hp = PaddedH, wp = PaddedW;
        for (int c = 0; c < channels; c++)
            for (int py = 0; py < hp; py++)
            {
                var run = new WindowRun(0, wp, py - padTop, -padLeft);
                Gather(image, c, 0, 0, &run, 1, padded + ((long)c * hp + py) * wp);
            }
        FloatRuns.Zero(padded + (long)channels * hp * wp, (kernelW - 1) * dilationW + 16);
    }

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
