using System.Runtime.Intrinsics;
using GrnGpu.Kernels.Cpu;

namespace GrnGpu.Kernels.MaxPool;

/// <summary>
/// Max pooling's backward along one output row for 2x2 windows of stride 2 without leading padding, where each input
/// belongs to one window: output ox's gradient goes to input columns 2ox (tap 0, 2) or 2ox + 1 (tap 1, 3) of input
/// rows 2oy (row0) and 2oy + 1 (row1, null past the input), and every other of those inputs gets 0. The vector forms
/// interleave the even and odd columns by widening each to 64-bit lanes (the even float in the low half).
/// </summary>
internal readonly unsafe struct MaxPoolPairsGradientRun(float* taps, float* dy, float* row0, float* row1) : IStreamOperator
{
    public void Invoke(int ox)
    {
        float t = taps[ox], g = dy[ox];
        (row0[2 * ox], row0[2 * ox + 1]) = (t == 0f ? g : 0f, t == 1f ? g : 0f);
        if (row1 != null) (row1[2 * ox], row1[2 * ox + 1]) = (t == 2f ? g : 0f, t == 3f ? g : 0f);
    }

    public void Invoke128(int ox)
    {
        var (t, g) = (Vector128.Load(taps + ox), Vector128.Load(dy + ox));
        Store(Vector128.Equals(t, Vector128<float>.Zero) & g, Vector128.Equals(t, Vector128<float>.One) & g, row0 + 2 * ox);
        if (row1 != null) Store(Vector128.Equals(t, Vector128.Create(2f)) & g, Vector128.Equals(t, Vector128.Create(3f)) & g, row1 + 2 * ox);
    }

    public void Invoke256(int ox)
    {
        var (t, g) = (Vector256.Load(taps + ox), Vector256.Load(dy + ox));
        Store(Vector256.Equals(t, Vector256<float>.Zero) & g, Vector256.Equals(t, Vector256<float>.One) & g, row0 + 2 * ox);
        if (row1 != null) Store(Vector256.Equals(t, Vector256.Create(2f)) & g, Vector256.Equals(t, Vector256.Create(3f)) & g, row1 + 2 * ox);
    }

    public void Invoke512(int ox)
    {
        var (t, g) = (Vector512.Load(taps + ox), Vector512.Load(dy + ox));
        Store(Vector512.Equals(t, Vector512<float>.Zero) & g, Vector512.Equals(t, Vector512<float>.One) & g, row0 + 2 * ox);
        if (row1 != null) Store(Vector512.Equals(t, Vector512.Create(2f)) & g, Vector512.Equals(t, Vector512.Create(3f)) & g, row1 + 2 * ox);
    }

    private static void Store(Vector128<float> even, Vector128<float> odd, float* at)
    {
        var (e, o) = (even.AsUInt32(), odd.AsUInt32());
        Vector128.Store((Vector128.WidenLower(e) | Vector128.WidenLower(o) << 32).AsSingle(), at);
        Vector128.Store((Vector128.WidenUpper(e) | Vector128.WidenUpper(o) << 32).AsSingle(), at + 4);
    }

    private static void Store(Vector256<float> even, Vector256<float> odd, float* at)
    {
        var (e, o) = (even.AsUInt32(), odd.AsUInt32());
        Vector256.Store((Vector256.WidenLower(e) | Vector256.WidenLower(o) << 32).AsSingle(), at);
        Vector256.Store((Vector256.WidenUpper(e) | Vector256.WidenUpper(o) << 32).AsSingle(), at + 8);
    }

    private static void Store(Vector512<float> even, Vector512<float> odd, float* at)
    {
        var (e, o) = (even.AsUInt32(), odd.AsUInt32());
        Vector512.Store((Vector512.WidenLower(e) | Vector512.WidenLower(o) << 32).AsSingle(), at);
        Vector512.Store((Vector512.WidenUpper(e) | Vector512.WidenUpper(o) << 32).AsSingle(), at + 16);
    }
}
