using System.Runtime.CompilerServices;
using GrnGpu.Kernels.Cpu;
using GrnGpu.Kernels.Gemm;

namespace GrnGpu.Kernels.Conv2d;

/// <summary>
/// OIHW weights as the left operand of the stride-1 data gradient: row c, column (o, i, j) holds
/// w[o, c, KH-1-i, KW-1-j] (channels swapped, window flipped). Only ever packed ahead, once per call.
/// </summary>
internal readonly unsafe struct FlippedWeightRows(float* weights, int inChannels, int kernelH, int kernelW) : IRowPacker
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int entry, int row0, int rows, int k0, int kc, int panelRows, float* dst)
    {
        int taps = kernelH * kernelW, o0 = k0 / taps, t0 = k0 - o0 * taps;
        for (int r = 0; r < rows; r++)
        {
            // Column (o, t) reads tap taps-1-t of filter (o, c): one division per row, then steps.
            float* row = dst + r * kc;
            int o = o0, t = t0;
            for (int kk = 0; kk < kc; kk++)
            {
                row[kk] = weights[((long)o * inChannels + row0 + r) * taps + taps - 1 - t];
                if (++t == taps) (t, o) = (0, o + 1);
            }
        }
        FloatRuns.Zero(dst + rows * kc, (panelRows - rows) * kc);
    }

    public float* Prepacked(int k0) => null;
}
