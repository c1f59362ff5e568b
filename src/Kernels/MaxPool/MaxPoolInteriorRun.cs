using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.MaxPool;

/// <summary>
/// Max pooling over the interior columns of one output row: every window column is inside the input, and rows holds
/// the window's rows that are (count of them, rowTaps their first taps i * poolW), so no tap needs a check. The vector
/// forms handle strides 1 and 2: tap j of W neighbouring outputs is one load (stride 1), or the even lanes of the W
/// floats from p and the odd lanes of the W floats from p + W - 1 (stride 2; so no load passes the last window's end).
/// Taps compete in row-major window order with strict &gt;, so the first maximum wins, as in the checked form.
/// </summary>
internal readonly unsafe struct MaxPoolInteriorRun(float** rows, float* rowTaps, int count, int poolW, int stride, float* y, float* taps)
    : IStreamOperator
{
    public void Invoke(int ox)
    {
        int x0 = ox * stride;
        float best = rows[0][x0], bestTap = rowTaps[0];
        for (int r = 0; r < count; r++)
            for (int j = r == 0 ? 1 : 0; j < poolW; j++)
            {
                float v = rows[r][x0 + j];
                if (v > best)
                {
                    best = v;
                    bestTap = rowTaps[r] + j;
                }
            }
        y[ox] = best;
        taps[ox] = bestTap;
    }

    public void Invoke128(int ox)
    {
        int x0 = ox * stride;
        var best = Load128(rows[0] + x0);
        var bestTap = Vector128.Create(rowTaps[0]);
        for (int r = 0; r < count; r++)
            for (int j = r == 0 ? 1 : 0; j < poolW; j++)
            {
                var v = Load128(rows[r] + x0 + j);
                var take = Vector128.GreaterThan(v, best);
                best = Vector128.ConditionalSelect(take, v, best);
                bestTap = Vector128.ConditionalSelect(take, Vector128.Create(rowTaps[r] + j), bestTap);
            }
        Vector128.Store(best, y + ox);
        Vector128.Store(bestTap, taps + ox);
    }

    public void Invoke256(int ox)
    {
        int x0 = ox * stride;
        var best = Load256(rows[0] + x0);
        var bestTap = Vector256.Create(rowTaps[0]);
        for (int r = 0; r < count; r++)
            for (int j = r == 0 ? 1 : 0; j < poolW; j++)
            {
                var v = Load256(rows[r] + x0 + j);
                var take = Vector256.GreaterThan(v, best);
                best = Vector256.ConditionalSelect(take, v, best);
                bestTap = Vector256.ConditionalSelect(take, Vector256.Create(rowTaps[r] + j), bestTap);
            }
        Vector256.Store(best, y + ox);
        Vector256.Store(bestTap, taps + ox);
    }

    public void Invoke512(int ox)
    {
        int x0 = ox * stride;
        var best = Load512(rows[0] + x0);
        var bestTap = Vector512.Create(rowTaps[0]);
        for (int r = 0; r < count; r++)
            for (int j = r == 0 ? 1 : 0; j < poolW; j++)
            {
                var v = Load512(rows[r] + x0 + j);
                var take = Vector512.GreaterThan(v, best);
                best = Vector512.ConditionalSelect(take, v, best);
                bestTap = Vector512.ConditionalSelect(take, Vector512.Create(rowTaps[r] + j), bestTap);
            }
        Vector512.Store(best, y + ox);
        Vector512.Store(bestTap, taps + ox);
    }

    // p[0], p[stride], p[2 * stride]... for stride 1 or 2 (the low half of a 64-bit pair is the even float).
    private Vector128<float> Load128(float* p) => stride == 1
        ? Vector128.Load(p)
        : Vector128.Narrow(Vector128.Load(p).AsUInt64(), Vector128.Load(p + 3).AsUInt64() >>> 32).AsSingle();

    private Vector256<float> Load256(float* p) => stride == 1
        ? Vector256.Load(p)
        : Vector256.Narrow(Vector256.Load(p).AsUInt64(), Vector256.Load(p + 7).AsUInt64() >>> 32).AsSingle();

    private Vector512<float> Load512(float* p) => stride == 1
        ? Vector512.Load(p)
        : Vector512.Narrow(Vector512.Load(p).AsUInt64(), Vector512.Load(p + 15).AsUInt64() >>> 32).AsSingle();
}
