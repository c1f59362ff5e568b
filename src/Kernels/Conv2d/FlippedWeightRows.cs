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
        int taps = kernelH * kernelW;
        for (int r = 0; r < rows; r++)
            for (int kk = 0; kk < kc; kk++)
            {
                int kd = k0 + kk, o = kd / taps, t = kd - o * taps;
                dst[r * kc + kk] = weights[((long)o * inChannels + row0 + r) * taps + taps - 1 - t];
            }
        FloatRuns.Zero(dst + rows * kc, (panelRows - rows) * kc);
    }

    public float* Prepacked(int k0) => null;
}
