namespace GrnGpu.Kernels.Gemm;

/// <summary>
/// The left operand A (M x K) of a product, handed to the GEMM in panels: rows [row0, row0 + rows) over depth [k0, k0 + kc)
/// of the entry-th operand (SumBatch entries, or 0), written as panelRows rows of kc contiguous floats, rows past
/// <c>rows</c> zero. An implementation is a struct, so the generic GEMM inlines it; any layout (a matrix, the windows of
/// an image) can be the operand without a copy of it in between.
/// </summary>
public unsafe interface IRowPacker
{
    void Pack(int entry, int row0, int rows, int k0, int kc, int panelRows, float* dst);

    /// <summary>The block of depth k0 when the whole operand was packed ahead (<see cref="GemmCpu.PackRows{TA}"/>), else null.</summary>
    float* Prepacked(int k0);
}

/// <summary>
/// The right operand B (K x N) in panels: columns [col0, col0 + cols) over depth [k0, k0 + kc) of the entry-th operand,
/// written as kc rows of panelCols floats (a whole number of vectors), columns past <c>cols</c> zero.
/// </summary>
public unsafe interface IColumnPacker
{
    void Pack(int entry, int col0, int cols, int k0, int kc, int panelCols, float* dst);

    /// <summary>
    /// Where B's rows already lie in memory as a panel would hold them: fills rows[kk] with the address of B(k0 + kk, 0)
    /// of the entry-th operand, each row contiguous and readable a vector past its last column, and returns true; the
    /// product then reads them in place instead of packing. False (rows untouched) when B must be packed.
    /// </summary>
    bool RowsInPlace(int entry, int k0, int kc, float** rows);
}
