using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Conv2d;

/// <summary>The zero-padded copy of an image (and the widened gradient) that the wide products read and fold back into.</summary>
internal readonly unsafe partial struct ConvWindow
{
    /// <summary>Floats of one channel's phase planes in a padded copy.</summary>
    public long ChannelFloats => (long)strideH * strideW * PhaseH * PhaseW;

    /// <summary>Window taps (i, j) per channel.</summary>
    public int Taps => kernelH * kernelW;

    /// <summary>
    /// Whether to run products "wide" over a padded copy (<see cref="WideWindowColumns"/>, <see cref="WideWindowRows"/>):
    /// where a phase row is at most a quarter longer than an output row (the extra columns are computed and dropped; a
    /// wide product reads its windows in place). Else compact (<see cref="CompactWindowColumns"/>,
    /// <see cref="CompactWindowRows"/>: output positions only, packed by row copies from the padded copy): measured
    /// 2026-12-05 with `grn bench conv --threads 1|2`, the 16 x 16 planes of dilation 3 (phase rows 22 long) ran 7-24%
    /// faster compact, the 3x3 layers on 8 x 8 planes (10 long) about level, those on 16 x 16 and larger faster wide.
    /// </summary>
    public bool Wide => 4 * PhaseW <= 5 * outW;

    /// <summary>Positions per image of a padded product: the wide plane, or the output plane when compact.</summary>
    public int PaddedPlane => Wide ? WidePlane : outH * outW;

    /// <summary>Length of one output row's stretch in a padded product's positions.</summary>
    public int PaddedRow => Wide ? PhaseW : outW;

    /// <summary>Positions of a wide product: p = oy * PhaseW + ox.</summary>
    public int WidePlane => outH * PhaseW;

    /// <summary>Floats of a padded copy, with room past the end for the last row's dropped columns to read.</summary>
    public long PaddedFloats => (long)channels * strideH * strideW * PhaseH * PhaseW + (kernelW - 1) * dilationW + 16;

    /// <summary>
    /// Fills offsets[i * KW + j] with where tap (i, j)'s wide row starts in a channel's phase planes (tap (c, i, j) of
    /// a padded copy starts at c * ChannelFloats + that): once per call, so that packing loops do no divisions.
    /// </summary>
    public void WideOffsets(long* offsets)
    {
        for (int i = 0; i < kernelH; i++)
            for (int j = 0; j < kernelW; j++)
            {
                int y = i * dilationH, x = j * dilationW;
                offsets[i * kernelW + j] = (((long)(y % strideH) * strideW + x % strideW) * PhaseH + y / strideH) * PhaseW + x / strideW;
            }
    }

    /// <summary>
    /// Splits output positions [p0, p0 + count) of consecutive images (p = image * outH * outW + oy * outW + ox; their
    /// padded copies PaddedFloats apart) into stretches along output rows, at most count, for the compact packers.
    /// </summary>
    public int CompactRuns(long p0, int count, CompactRun* runs)
    {
        long plane = (long)outH * outW, n = p0 / plane;
        int rest = (int)(p0 - n * plane), oy = rest / outW, ox = rest - oy * outW, runsMade = 0;
        for (int offset = 0; offset < count; ox = 0)
        {
            int length = Math.Min(outW - ox, count - offset);
            runs[runsMade++] = new CompactRun(offset, length, n * PaddedFloats + oy * PhaseW + ox);
            offset += length;
            if (++oy == outH) (oy, n) = (0, n + 1);
        }
        return runsMade;
    }

    /// <summary>Copies an image into its padded phase planes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pad(float* image, float* padded)
    {
        int hp = PhaseH, wp = PhaseW;
        long plane = (long)hp * wp;
        for (int c = 0; c < channels; c++)
        for (int a = 0; a < strideH; a++)
        for (int yy = 0; yy < hp; yy++)
        {
            float* dst = padded + ((long)(c * strideH + a) * strideW * hp + yy) * wp;
            int y = yy * strideH + a - padTop;
            if (strideW == 2 && (uint)y < (uint)inH)
                PadPhasePair(image + ((long)c * inH + y) * inW, dst, dst + plane);
            else
                for (int b = 0; b < strideW; b++)
                {
                    var run = new WindowRun(0, wp, y, b - padLeft);
                    Gather(image, c, 0, 0, &run, 1, dst + b * plane);
                }
        }
        FloatRuns.Zero(padded + channels * ChannelFloats, (kernelW - 1) * dilationW + 16);
    }

    /// <summary>
    /// Stride 2 across: one image row into its two phase rows, even[xx] = row[2xx - padLeft], odd[xx] = row[2xx + 1 - padLeft],
    /// the stretch where both lie inside the row split with vectors, the ends one by one.
    /// </summary>
    private void PadPhasePair(float* row, float* even, float* odd)
    {
        int wp = PhaseW, lo = Math.Min(wp, (padLeft + 1) / 2), hi = Math.Max(lo, Math.Min(wp, (inW - 2 + padLeft) / 2 + 1));
        if (inW - 2 + padLeft < 0) hi = lo;
        for (int xx = 0; xx < wp; xx++)
        {
            if (xx == lo)
            {
                FloatRuns.Deinterleave(row + 2 * lo - padLeft, even + lo, odd + lo, hi - lo);
                xx = hi;
                if (xx >= wp) break;
            }
            int x = 2 * xx - padLeft;
            even[xx] = (uint)x < (uint)inW ? row[x] : 0f;
            odd[xx] = (uint)(x + 1) < (uint)inW ? row[x + 1] : 0f;
        }
    }

    /// <summary>
    /// The data gradient's way back through <see cref="Pad"/>: adds each wide row of columns (rows (c, i, j), as
    /// <see cref="WideWindowColumns"/> read them) onto the padded copy where it was read from, in row order, then
    /// copies the image's part of the padded copy into image (the pads' sums are dropped).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fold(float* columns, long* offsets, float* padded, float* image)
    {
        int wide = WidePlane, taps = Taps;
        FloatRuns.Zero(padded, (int)PaddedFloats);
        for (int c = 0, kd = 0; c < channels; c++)
            for (int t = 0; t < taps; t++, kd++)
                FloatRuns.Add(columns + (long)kd * wide, padded + c * ChannelFloats + offsets[t], wide);
        long plane = (long)PhaseH * PhaseW;
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < inH; y++)
            {
                float* dst = image + ((long)c * inH + y) * inW;
                int py = y + padTop, yy = py / strideH;
                if (yy >= PhaseH)
                {
                    FloatRuns.Zero(dst, inW);   // rows no window reaches
                    continue;
                }
                float* phases = padded + ((long)(c * strideH + py % strideH) * strideW * PhaseH + yy) * PhaseW;
                int x = 0;
                if (strideW == 2)
                {
                    // Whole pairs from the two phase rows while both lie inside them; the rest one by one below.
                    float* even = phases + (padLeft % 2) * plane + padLeft / 2, odd = phases + (1 - padLeft % 2) * plane + (padLeft + 1) / 2;
                    int pairs = Math.Max(0, Math.Min(inW / 2, PhaseW - (padLeft + 1) / 2));
                    FloatRuns.Interleave(even, odd, dst, pairs);
                    x = 2 * pairs;
                }
                for (; x < inW; x++)
                {
                    int px = x + padLeft, xx = px / strideW;
                    dst[x] = xx < PhaseW ? phases[px % strideW * plane + xx] : 0f;
                }
            }
    }

    /// <summary>Copies an output-shaped gradient (planes of outH x outW) into wide planes, the dropped columns zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Widen(float* gradient, int planes, float* wide)
    {
        int wp = PhaseW;
        for (long r = 0; r < (long)planes * outH; r++)
        {
            FloatRuns.Copy(gradient + r * outW, wide + r * wp, outW);
            FloatRuns.Zero(wide + r * wp + outW, wp - outW);
        }
    }

    /// <summary>
    /// Copies an output-shaped gradient (planes of outH x outW) transposed into positions of rows <paramref name="width"/>
    /// long (PhaseW: the wide positions, the dropped columns zero; outW: the output positions): transposed[p * planes + o]
    /// for p = oy * width + ox. In tiles of 8 planes by 8 positions transposed in registers where AVX is there, the rest
    /// (and every tile without it) element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WidenTransposed(float* gradient, int planes, float* transposed, int width)
    {
        int wp = width;
        long plane = (long)outH * outW;
        for (int oy = 0; oy < outH; oy++)
        {
            float* row = transposed + (long)oy * wp * planes, src = gradient + oy * outW;
            int o0 = 0;
            if (FloatTiles.CanTranspose8)
                for (; o0 + 8 <= planes; o0 += 8)
                {
                    int x0 = 0;
                    for (; x0 + 8 <= outW; x0 += 8) FloatTiles.Transpose8(src + o0 * plane + x0, plane, row + (long)x0 * planes + o0, planes);
                    for (int o = o0; o < o0 + 8; o++)
                        for (int x = x0; x < outW; x++) row[(long)x * planes + o] = src[o * plane + x];
                }
            for (int o = o0; o < planes; o++)
                for (int x = 0; x < outW; x++) row[(long)x * planes + o] = src[o * plane + x];
            FloatRuns.Zero(row + (long)outW * planes, (wp - outW) * planes);
        }
    }
}
