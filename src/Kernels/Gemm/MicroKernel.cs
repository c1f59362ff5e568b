using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace GrnGpu.Kernels.Gemm;

/// <summary>How many vectors wide a B panel is (1-3): a JIT constant, so each width compiles to its own straight loop.</summary>
internal interface IPanelVectors
{
    static abstract int Count { get; }
}

internal readonly struct OneVector : IPanelVectors { public static int Count => 1; }
internal readonly struct TwoVectors : IPanelVectors { public static int Count => 2; }
internal readonly struct ThreeVectors : IPanelVectors { public static int Count => 3; }

/// <summary>Where the register block reads B: a packed panel, or B's rows in place through a table of row addresses.</summary>
internal interface IPanelSource
{
    static abstract bool InPlace { get; }
}

internal readonly struct PackedPanel : IPanelSource { public static bool InPlace => false; }
internal readonly struct RowsInPlace : IPanelSource { public static bool InPlace => true; }

/// <summary>
/// The register block: a Rows x (Count vectors) tile of C held in registers while kc steps run through a packed A panel
/// (Rows rows of kc floats, row by row, so packing copies whole rows) and a packed B panel (kc rows of Count vectors),
/// one broadcast of A times Count loads of B per row and step; then the tile is combined with C as GemmOutput says.
/// Rows past <paramref name="rows"/> and columns past <paramref name="cols"/> (zero in the panels) are never written.
/// With <see cref="RowsInPlace"/>, step k reads B at bRows[k] + col0 instead of the packed panel (the columns past
/// <paramref name="cols"/> then hold whatever lies there, and are dropped as before).
/// </summary>
internal static unsafe class MicroKernel<TS, TV> where TS : struct, ISimdWidth<TV> where TV : struct
{
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile<TN, TP>(int kc, float* a, float* b, float** bRows, int col0, float* c, long ldc, int rows, int cols,
        float alpha, float beta, float* bias)
        where TN : struct, IPanelVectors where TP : struct, IPanelSource
    {
        int nv = TN.Count, f = TS.Floats;
        TV c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        TV c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        TV c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default;
        TV c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        Prefetch(c, ldc, rows, nv * f);
        float* a0 = a, a1 = a + kc, a2 = a1 + kc, a3 = a2 + kc, a4 = a3 + kc, a5 = a4 + kc, a6 = a5 + kc, a7 = a6 + kc;
        for (int k = 0; k < kc; k++)
        {
            float* bk = b;
            if (TP.InPlace) bk = bRows[k] + col0;
            else b += nv * f;
            TV b0 = TS.Load(bk);
            TV b1 = nv > 1 ? TS.Load(bk + f) : default;
            TV b2 = nv > 2 ? TS.Load(bk + 2 * f) : default;
            TV s = TS.Splat(a0[k]); c00 = TS.MultiplyAdd(s, b0, c00); if (nv > 1) c01 = TS.MultiplyAdd(s, b1, c01); if (nv > 2) c02 = TS.MultiplyAdd(s, b2, c02);
            s = TS.Splat(a1[k]); c10 = TS.MultiplyAdd(s, b0, c10); if (nv > 1) c11 = TS.MultiplyAdd(s, b1, c11); if (nv > 2) c12 = TS.MultiplyAdd(s, b2, c12);
            s = TS.Splat(a2[k]); c20 = TS.MultiplyAdd(s, b0, c20); if (nv > 1) c21 = TS.MultiplyAdd(s, b1, c21); if (nv > 2) c22 = TS.MultiplyAdd(s, b2, c22);
            s = TS.Splat(a3[k]); c30 = TS.MultiplyAdd(s, b0, c30); if (nv > 1) c31 = TS.MultiplyAdd(s, b1, c31); if (nv > 2) c32 = TS.MultiplyAdd(s, b2, c32);
            if (TS.Rows > 4)
            {
                s = TS.Splat(a4[k]); c40 = TS.MultiplyAdd(s, b0, c40); if (nv > 1) c41 = TS.MultiplyAdd(s, b1, c41); if (nv > 2) c42 = TS.MultiplyAdd(s, b2, c42);
                s = TS.Splat(a5[k]); c50 = TS.MultiplyAdd(s, b0, c50); if (nv > 1) c51 = TS.MultiplyAdd(s, b1, c51); if (nv > 2) c52 = TS.MultiplyAdd(s, b2, c52);
                s = TS.Splat(a6[k]); c60 = TS.MultiplyAdd(s, b0, c60); if (nv > 1) c61 = TS.MultiplyAdd(s, b1, c61); if (nv > 2) c62 = TS.MultiplyAdd(s, b2, c62);
                s = TS.Splat(a7[k]); c70 = TS.MultiplyAdd(s, b0, c70); if (nv > 1) c71 = TS.MultiplyAdd(s, b1, c71); if (nv > 2) c72 = TS.MultiplyAdd(s, b2, c72);
            }
        }

        // A whole tile goes straight to C; an edge tile goes to a spare tile as plain sums, then its valid part to C.
        bool whole = rows == TS.Rows && cols == nv * f;
        float* spare = stackalloc float[TS.Rows * 3 * TS.Floats];
        float* dst = whole ? c : spare;
        long ld = whole ? ldc : nv * f;
        float wa = whole ? alpha : 1f, wb = whole ? beta : 0f;
        float* wbias = whole ? bias : null;
        Row<TN>(c00, c01, c02, dst, wa, wb, wbias, 0);
        Row<TN>(c10, c11, c12, dst + ld, wa, wb, wbias, 1);
        Row<TN>(c20, c21, c22, dst + 2 * ld, wa, wb, wbias, 2);
        Row<TN>(c30, c31, c32, dst + 3 * ld, wa, wb, wbias, 3);
        if (TS.Rows > 4)
        {
            Row<TN>(c40, c41, c42, dst + 4 * ld, wa, wb, wbias, 4);
            Row<TN>(c50, c51, c52, dst + 5 * ld, wa, wb, wbias, 5);
            Row<TN>(c60, c61, c62, dst + 6 * ld, wa, wb, wbias, 6);
            Row<TN>(c70, c71, c72, dst + 7 * ld, wa, wb, wbias, 7);
        }
        if (!whole) Edge(spare, nv * f, c, ldc, rows, cols, alpha, beta, bias);
    }

    /// <summary>
    /// Asks for the tile's C lines before the sums start, so that the write-out at the end (C is far larger than the
    /// caches; its rows are a page or more apart) does not wait on memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* c, long ldc, int rows, int width)
    {
        if (!Sse.IsSupported) return;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j += 16) Sse.Prefetch0(c + r * ldc + j);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<TN>(TV v0, TV v1, TV v2, float* c, float alpha, float beta, float* bias, int r) where TN : struct, IPanelVectors
    {
        int f = TS.Floats;
        float add = bias == null ? 0f : bias[r];
        Write(v0, c, alpha, beta, bias != null, add);
        if (TN.Count > 1) Write(v1, c + f, alpha, beta, bias != null, add);
        if (TN.Count > 2) Write(v2, c + 2 * f, alpha, beta, bias != null, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(TV v, float* c, float alpha, float beta, bool hasBias, float add)
    {
        if (alpha != 1f) v = TS.Multiply(v, TS.Splat(alpha));
        if (hasBias) v = TS.Add(v, TS.Splat(add));
        if (beta != 0f) v = TS.MultiplyAdd(TS.Splat(beta), TS.Load(c), v);
        TS.Store(v, c);
    }

    /// <summary>The valid rows x cols of a spare tile (plain sums, stride ld) into C, combined as Write does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge(float* tile, int ld, float* c, long ldc, int rows, int cols, float alpha, float beta, float* bias)
    {
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + r * ld, row = c + r * ldc;
            float add = bias == null ? 0f : bias[r];
            for (int j = 0; j < cols; j++)
            {
                float v = t[j];
                if (alpha != 1f) v *= alpha;
                if (bias != null) v += add;
                if (beta != 0f) v = beta * row[j] + v;
                row[j] = v;
            }
        }
    }
}
