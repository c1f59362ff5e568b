using System.Runtime.CompilerServices;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Gemm;

/// <summary>
/// A as a row-major matrix at Data + entry * Stride with leading dimension Ld, stored M x K, or K x M when Transposed.
/// </summary>
public readonly unsafe struct MatrixRows(float* data, long ld, bool transposed, long stride = 0) : IRowPacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int entry, int row0, int rows, int k0, int kc, int panelRows, float* dst)
    {
        float* a = data + entry * stride;
        if (!transposed)
            for (int r = 0; r < rows; r++) FloatRuns.Copy(a + (row0 + r) * ld + k0, dst + r * kc, kc);
        else
        {
            // Eight rows by eight steps transposed in registers where the panel has eight rows, the rest one by one.
            int kk = 0;
            if (rows == 8 && FloatTiles.CanTranspose8)
                for (; kk + 8 <= kc; kk += 8) FloatTiles.Transpose8(a + (k0 + kk) * ld + row0, ld, dst + kk, kc);
            for (; kk < kc; kk++)
            {
                float* src = a + (k0 + kk) * ld + row0;
                for (int r = 0; r < rows; r++) dst[r * kc + kk] = src[r];
            }
        }
        FloatRuns.Zero(dst + rows * kc, (panelRows - rows) * kc);
    }

    public float* Prepacked(int k0) => null;
}

/// <summary>An A packed ahead by <see cref="GemmCpu.PackRows{TA}"/> (e.g. a convolution's weights, once for every image).</summary>
public readonly unsafe struct PackedRows(float* data, int paddedRows) : IRowPacker
{
    public void Pack(int entry, int row0, int rows, int k0, int kc, int panelRows, float* dst) =>
        throw new InvalidOperationException("a prepacked operand is not packed again");

    public float* Prepacked(int k0) => data + (long)k0 * paddedRows;
}

/// <summary>B as a row-major matrix at Data + entry * Stride with leading dimension Ld, stored K x N, or N x K when Transposed.</summary>
public readonly unsafe struct MatrixColumns(float* data, long ld, bool transposed, long stride = 0) : IColumnPacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int entry, int col0, int cols, int k0, int kc, int panelCols, float* dst)
    {
        float* b = data + entry * stride;
        if (!transposed)
            for (int kk = 0; kk < kc; kk++)
            {
                float* row = dst + kk * panelCols;
                FloatRuns.Copy(b + (k0 + kk) * ld + col0, row, cols);
                FloatRuns.Zero(row + cols, panelCols - cols);
            }
        else
        {
            // Sixteen panel rows at a time: each of B's rows (often a page or more apart, so the cache sets they map to
            // collide) is read a whole line at a time, and the writes stay within 16 panel rows.
            for (int kb = 0; kb < kc; kb += 16)
            {
                int depth = Math.Min(16, kc - kb), j = 0;
                float* block = dst + kb * panelCols;
                // Eight columns by eight steps transposed in registers, the rest one by one.
                if (FloatTiles.CanTranspose8)
                    for (; j + 8 <= cols; j += 8)
                    {
                        float* src = b + (col0 + j) * ld + k0 + kb;
                        int t = 0;
                        for (; t + 8 <= depth; t += 8) FloatTiles.Transpose8(src + t, ld, block + t * panelCols + j, panelCols);
                        for (int jj = j; jj < j + 8; jj++)
                            for (int tt = t; tt < depth; tt++) block[tt * panelCols + jj] = b[(col0 + jj) * ld + k0 + kb + tt];
                    }
                for (; j < cols; j++)
                {
                    float* src = b + (col0 + j) * ld + k0 + kb;
                    for (int t = 0; t < depth; t++) block[t * panelCols + j] = src[t];
                }
                if (cols < panelCols)
                    for (int t = 0; t < depth; t++) FloatRuns.Zero(block + t * panelCols + cols, panelCols - cols);
            }
        }
    }

    public bool RowsInPlace(int entry, int k0, int kc, float** rows) => false;
}

/// <summary>
/// B as a row-major K x N matrix at Data with leading dimension Ld, read in place (never packed): for a B whose rows are
/// few lines each and follow one another (a transposed gradient), readable a vector past the last row's end.
/// </summary>
public readonly unsafe struct RowMajorColumns(float* data, long ld) : IColumnPacker
{
    public void Pack(int entry, int col0, int cols, int k0, int kc, int panelCols, float* dst) =>
        throw new InvalidOperationException("read in place, never packed");

    public bool RowsInPlace(int entry, int k0, int kc, float** rows)
    {
        for (int kk = 0; kk < kc; kk++) rows[kk] = data + (k0 + kk) * ld;
        return true;
    }
}
