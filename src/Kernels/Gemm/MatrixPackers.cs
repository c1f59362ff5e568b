using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.Gemm;

/// <summary>
/// A as a row-major matrix at Data + entry * Stride with leading dimension Ld, stored M x K, or K x M when Transposed.
/// </summary>
public readonly unsafe struct MatrixRows(float* data, long ld, bool transposed, long stride = 0) : IRowPacker
{
    public void Pack(int entry, int row0, int rows, int k0, int kc, int panelRows, float* dst)
    {
        float* a = data + entry * stride;
        if (!transposed)
            for (int r = 0; r < rows; r++) FloatRuns.Copy(a + (row0 + r) * ld + k0, dst + r * kc, kc);
        else
            for (int kk = 0; kk < kc; kk++)
            {
                float* src = a + (k0 + kk) * ld + row0;
                for (int r = 0; r < rows; r++) dst[r * kc + kk] = src[r];
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
            for (int j = 0; j < cols; j++)
            {
                float* src = b + (col0 + j) * ld + k0;
                for (int kk = 0; kk < kc; kk++) dst[kk * panelCols + j] = src[kk];
            }
            if (cols < panelCols)
                for (int kk = 0; kk < kc; kk++) FloatRuns.Zero(dst + kk * panelCols + cols, panelCols - cols);
        }
    }
}
