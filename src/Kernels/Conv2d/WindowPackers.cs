using System.Runtime.CompilerServices;
using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Gemm;

namespace GrnGpu.Kernels.Conv2d;

/// <summary>
/// The windows of images (at Images + entry * ImageFloats) as a GEMM's right operand: K = taps, N = output positions
/// (the forward product W x windows, and the stride-1 data gradient's flipped product).
/// </summary>
internal readonly unsafe struct WindowColumns(ConvWindow window, float* images) : IColumnPacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int entry, int col0, int cols, int k0, int kc, int panelCols, float* dst)
    {
        float* image = images + (long)entry * window.ImageFloats;
        WindowRun* runs = stackalloc WindowRun[cols];
        int n = window.Runs(col0, cols, runs);
        var (c, i, j) = window.Tap(k0);
        for (int kk = 0; kk < kc; kk++, window.Next(ref c, ref i, ref j))
        {
            float* row = dst + kk * panelCols;
            window.Gather(image, c, i, j, runs, n, row);
            FloatRuns.Zero(row + cols, panelCols - cols);
        }
    }

    public bool RowsInPlace(int entry, int k0, int kc, float** rows) => false;
}
