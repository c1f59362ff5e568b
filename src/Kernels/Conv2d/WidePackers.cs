using System.Runtime.CompilerServices;
using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Gemm;

namespace GrnGpu.Kernels.Conv2d;

/// <summary>
/// The windows of one image over its padded copy (<see cref="ConvWindow.Pad"/>), each output row widened to the phase
/// width: column p = oy * PhaseW + ox, so tap (c, i, j)'s row is one contiguous stretch of the copy and a panel row is
/// one straight copy (the columns with ox &gt;= OutW are computed and dropped).
/// </summary>
internal readonly unsafe struct WideWindowColumns(ConvWindow window, float* padded, long* offsets) : IColumnPacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int entry, int col0, int cols, int k0, int kc, int panelCols, float* dst)
    {
        int taps = window.Taps, c = k0 / taps, t = k0 - c * taps;
        long channel = window.ChannelFloats;
        for (int kk = 0; kk < kc; kk++)
        {
            float* row = dst + kk * panelCols;
            FloatRuns.Copy(padded + c * channel + offsets[t] + col0, row, cols);
            FloatRuns.Zero(row + cols, panelCols - cols);
            if (++t == taps) (t, c) = (0, c + 1);
        }
    }

    /// <summary>Row (c, t) is the stretch of the padded copy at c * ChannelFloats + offsets[t] (PaddedFloats leaves a vector past the last).</summary>
    public bool RowsInPlace(int entry, int k0, int kc, float** rows)
    {
        int taps = window.Taps, c = k0 / taps, t = k0 - c * taps;
        long channel = window.ChannelFloats;
        for (int kk = 0; kk < kc; kk++)
        {
            rows[kk] = padded + c * channel + offsets[t];
            if (++t == taps) (t, c) = (0, c + 1);
        }
        return true;
    }
}

/// <summary>
/// The wide windows of consecutive images (padded copies PaddedFloats apart, as <see cref="WideWindowColumns"/> reads
/// one) as a GEMM's left operand: M = taps, K = the images' wide positions one image after another (k = image *
/// WidePlane + p); the weight gradient's other operand is the gradient widened with zeros, so the dropped columns add
/// nothing.
/// </summary>
internal readonly unsafe struct WideWindowRows(ConvWindow window, float* padded, long* offsets) : IRowPacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int entry, int row0, int rows, int k0, int kc, int panelRows, float* dst)
    {
        int taps = window.Taps, c = row0 / taps, t = row0 - c * taps, wide = window.WidePlane;
        long channel = window.ChannelFloats, image = window.PaddedFloats;
        for (int r = 0; r < rows; r++)
        {
            // The depth block's stretch of each image in turn.
            long start = c * channel + offsets[t];
            for (int k = k0; k < k0 + kc;)
            {
                int n = k / wide, p = k - n * wide, run = Math.Min(wide - p, k0 + kc - k);
                FloatRuns.Copy(padded + n * image + start + p, dst + r * kc + (k - k0), run);
                k += run;
            }
            if (++t == taps) (t, c) = (0, c + 1);
        }
        FloatRuns.Zero(dst + rows * kc, (panelRows - rows) * kc);
    }

    public float* Prepacked(int k0) => null;
}

/// <summary>
/// The wide windows of one image transposed, as a GEMM's right operand: K = wide positions, N = taps (the shallow weight
/// gradient's dy x windows^T). Sixteen panel rows at a time, so that each tap's row is read a whole line at a time.
/// </summary>
internal readonly unsafe struct WideWindowTaps(ConvWindow window, float* padded, long* offsets) : IColumnPacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int entry, int col0, int cols, int k0, int kc, int panelCols, float* dst)
    {
        float** rows = stackalloc float*[cols];
        int taps = window.Taps, c = col0 / taps, tap = col0 - c * taps;
        for (int t = 0; t < cols; t++)
        {
            rows[t] = padded + c * window.ChannelFloats + offsets[tap] + k0;
            if (++tap == taps) (tap, c) = (0, c + 1);
        }
        for (int kb = 0; kb < kc; kb += 16)
        {
            int depth = Math.Min(16, kc - kb);
            float* block = dst + kb * panelCols;
            for (int t = 0; t < cols; t++)
            {
                float* src = rows[t] + kb;
                for (int r = 0; r < depth; r++) block[r * panelCols + t] = src[r];
            }
            for (int r = 0; r < depth; r++) FloatRuns.Zero(block + r * panelCols + cols, panelCols - cols);
        }
    }

    public bool RowsInPlace(int entry, int k0, int kc, float** rows) => false;
}
