using System.Runtime.CompilerServices;
using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Gemm;

namespace GrnGpu.Kernels.Conv2d;

/// <summary>
/// A stretch of output positions along one output row, for the compact packers: where it goes in the packed row, how
/// long it is, and where it starts in a tap's wide row (oy * PhaseW + ox).
/// </summary>
internal readonly record struct CompactRun(int Offset, int Length, long Wide);

/// <summary>
/// The windows of one image over its padded copy (<see cref="ConvWindow.Pad"/>), output positions only: a panel row of
/// tap (c, t) is its wide row (as <see cref="WideWindowColumns"/> reads it) with each output row's stretch copied and the
/// dropped columns left out. For the products where a wide one would compute too many dropped columns (dilated windows
/// on small planes): every copy is a straight one, with no bounds to test and no zeros to write.
/// </summary>
internal readonly unsafe struct CompactWindowColumns(ConvWindow window, float* padded, long* offsets) : IColumnPacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int entry, int col0, int cols, int k0, int kc, int panelCols, float* dst)
    {
        CompactRun* runs = stackalloc CompactRun[cols];
        int n = window.CompactRuns(col0, cols, runs);
        CompactTaps.Pack(window, padded, offsets, k0, kc, runs, n, dst, panelCols, cols);
    }

    public bool RowsInPlace(int entry, int k0, int kc, float** rows) => false;
}

/// <summary>
/// The compact windows of consecutive images (padded copies PaddedFloats apart) as a GEMM's left operand: M = taps,
/// K = the images' output positions one image after another (the weight gradient's windows x dy^T).
/// </summary>
internal readonly unsafe struct CompactWindowRows(ConvWindow window, float* padded, long* offsets) : IRowPacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int entry, int row0, int rows, int k0, int kc, int panelRows, float* dst)
    {
        CompactRun* runs = stackalloc CompactRun[kc];
        int n = window.CompactRuns(k0, kc, runs);
        CompactTaps.Pack(window, padded, offsets, row0, rows, runs, n, dst, kc, kc);
        FloatRuns.Zero(dst + rows * kc, (panelRows - rows) * kc);
    }

    public float* Prepacked(int k0) => null;
}

/// <summary>The compact packers' one loop: taps [tap0, tap0 + count), each one's runs copied from its wide row into a row of dst.</summary>
internal static unsafe class CompactTaps
{
    /// <summary>Tap tap0 + i's runs into dst + i * ld, each row zero from <paramref name="width"/> to ld.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(ConvWindow window, float* padded, long* offsets, int tap0, int count, CompactRun* runs, int n, float* dst, int ld, int width)
    {
        int taps = window.Taps, c = tap0 / taps, t = tap0 - c * taps;
        long channel = window.ChannelFloats;
        for (int i = 0; i < count; i++)
        {
            float* row = dst + (long)i * ld, src = padded + c * channel + offsets[t];
            for (int r = 0; r < n; r++) FloatRuns.Copy(src + runs[r].Wide, row + runs[r].Offset, runs[r].Length);
            FloatRuns.Zero(row + width, ld - width);
            if (++t == taps) (t, c) = (0, c + 1);
        }
    }
}
