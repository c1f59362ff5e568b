/* 2-D max pooling over NCHW, Keras semantics (Pool2dGeometry): output (oy, ox) covers input rows
 * oy * stride_h - pad_top + i (i < pool_h) and columns ox * stride_w - pad_left + j (j < pool_w);
 * positions outside the input are padding and never take part (so they never win).
 *
 * The forward pass records, for each output, the WINDOW TAP of its winner, i * pool_w + j, stored as a float.
 * A tap is a small integer (below pool_h * pool_w), so the float is exact whatever the tensor's size; a flat
 * input index would not be past 2^24 elements. Ties go to the first tap in row-major window order (strict >). */

/* Pool and stride are compile-time constants (the launcher compiles one variant per shape), so the window loops
 * unroll; the kernels are straight-line code, one element per work-item, on a grid whose dimension 0 covers a
 * row's columns, dimension 1 the rows and dimension 2 the N * C planes (from plane0, for batches of planes beyond
 * the grid's 65535 limit). No loops around the body and no division per element: a CPU runtime vectorises across
 * work-items, a GPU coalesces along rows. */
#ifndef POOL_H
#define POOL_H 2
#endif
#ifndef POOL_W
#define POOL_W 2
#endif
#ifndef STRIDE_H
#define STRIDE_H 2
#endif
#ifndef STRIDE_W
#define STRIDE_W 2
#endif

KERNEL void maxpool_forward(GLOBAL const float* RESTRICT x, GLOBAL float* RESTRICT y, GLOBAL float* RESTRICT taps,
                            int in_h, int in_w, int out_h, int out_w, int pad_top, int pad_left, int plane0)
{
    int ox = GLOBAL_ID(0), oy = GROUP_ID(1), plane = plane0 + GROUP_ID(2);
    if (ox >= out_w) return;
    GLOBAL const float* xp = x + (long)plane * in_h * in_w;
    int y0 = oy * STRIDE_H - pad_top, x0 = ox * STRIDE_W - pad_left;
    float best = 0.0f;
    int best_tap = -1;
    for (int i = 0; i < POOL_H; ++i) {
        int iy = y0 + i;
        for (int j = 0; j < POOL_W; ++j) {
            int ix = x0 + j;
            if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w) continue;
            float v = xp[iy * in_w + ix];
            if (best_tap < 0 || v > best) {
                best = v;
                best_tap = i * POOL_W + j;
            }
        }
    }
    /* "same" padding is at most pool - 1 in total, so every window holds a real position: best_tap >= 0. */
    long o = ((long)plane * out_h + oy) * out_w + ox;
    y[o] = best;
    taps[o] = (float)best_tap;
}

/* Gather form of the backward, so overlapping windows (3x3 stride 2) need no atomics: one work-item per INPUT
 * element sums the gradients of the outputs whose windows hold it and whose recorded tap is it. Output oy covers
 * iy when 0 <= iy + pad_top - oy * STRIDE_H < POOL_H: at most ceil(POOL_H / STRIDE_H) rows from
 * oy_hi = (iy + pad_top) / STRIDE_H down (the division is by a constant), likewise for columns; candidates are
 * visited in output order. */
#define POOL_CAND_H ((POOL_H + STRIDE_H - 1) / STRIDE_H)
#define POOL_CAND_W ((POOL_W + STRIDE_W - 1) / STRIDE_W)

KERNEL void maxpool_backward(GLOBAL const float* RESTRICT dy, GLOBAL const float* RESTRICT taps, GLOBAL float* RESTRICT dx,
                             int in_h, int in_w, int out_h, int out_w, int pad_top, int pad_left, int plane0)
{
    int ix = GLOBAL_ID(0), iy = GROUP_ID(1), plane = plane0 + GROUP_ID(2);
    if (ix >= in_w) return;
    int ry = iy + pad_top, rx = ix + pad_left;
    int oy_hi = ry / STRIDE_H, ox_hi = rx / STRIDE_W;
    long base = (long)plane * out_h * out_w;
    float acc = 0.0f;
    for (int a = POOL_CAND_H - 1; a >= 0; --a) {
        int oy = oy_hi - a;
        int ty = ry - oy * STRIDE_H;
        for (int b = POOL_CAND_W - 1; b >= 0; --b) {
            int ox = ox_hi - b;
            int tx = rx - ox * STRIDE_W;
            if (oy < 0 || oy >= out_h || ox < 0 || ox >= out_w || ty >= POOL_H || tx >= POOL_W) continue;
            long o = base + oy * out_w + ox;
            if ((int)taps[o] == ty * POOL_W + tx) acc += dy[o];
        }
    }
    dx[((long)plane * in_h + iy) * in_w + ix] = acc;
}

/* ---------------------------------------------------------------------------------------------------------
 * CPU forms (launched on OpenCL CPU devices, see CpuKernels): one work-item per run of `per` whole rows. The
 * kernels above load under per-tap conditions, which keeps PoCL from vectorising across work-items (2 GB/s on a
 * 32 x 64 x 64 x 160 input). Here the window loops have constant trip counts, a row's vertical validity is one
 * flag for the whole row, and the columns whose windows lie inside the input run in a loop without conditions
 * (the compiler vectorises it, strided loads included); only the few edge columns take the checked path. */

/* The checked forward of one output element (edge columns): the same rule as maxpool_forward. */
#if STRIDE_W == 1
#define POOL_LOAD16(q) vload16(0, q)
#else
#define POOL_LOAD16(q) ((float16)(vload16(0, q).even, vload16(1, q).even))
#endif

DEVICE_FN void maxpool_forward_at(GLOBAL const float* xp, GLOBAL float* yr, GLOBAL float* tr, int in_h, int in_w,
                                  int y0, int ox, int pad_left)
{
    int x0 = ox * STRIDE_W - pad_left;
    float best = 0.0f;
    int best_tap = -1;
    for (int i = 0; i < POOL_H; ++i)
        for (int j = 0; j < POOL_W; ++j) {
            int iy = y0 + i, ix = x0 + j;
            if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w) continue;
            float v = xp[iy * in_w + ix];
            if (best_tap < 0 || v > best) { best = v; best_tap = i * POOL_W + j; }
        }
    yr[ox] = best;
    tr[ox] = (float)best_tap;
}

KERNEL void maxpool_forward_rows(GLOBAL const float* RESTRICT x, GLOBAL float* RESTRICT y, GLOBAL float* RESTRICT taps,
                                 int in_h, int in_w, int out_h, int out_w, int pad_top, int pad_left, int rows, int per)
{
    int r0 = GLOBAL_ID(0) * per, r1 = min(r0 + per, rows);
    /* Interior columns: ox * STRIDE_W - pad_left >= 0 and ox * STRIDE_W - pad_left + POOL_W <= in_w. */
    int oxLo = min(out_w, (pad_left + STRIDE_W - 1) / STRIDE_W);
    int oxHi = in_w + pad_left - POOL_W < 0 ? oxLo : max(oxLo, min(out_w, (in_w + pad_left - POOL_W) / STRIDE_W + 1));
    for (int r = r0; r < r1; ++r) {
        int oy = r % out_h;
        GLOBAL const float* xp = x + (long)(r / out_h) * in_h * in_w;
        GLOBAL float* yr = y + (long)r * out_w;
        GLOBAL float* tr = taps + (long)r * out_w;
        int y0 = oy * STRIDE_H - pad_top;
        for (int ox = 0; ox < oxLo; ++ox) maxpool_forward_at(xp, yr, tr, in_h, in_w, y0, ox, pad_left);
        /* Window row i: a valid flag and a row pointer (clamped into the input when invalid, never read then). */
        GLOBAL const float* xr[POOL_H];
        int valid[POOL_H];
        for (int i = 0; i < POOL_H; ++i) {
            valid[i] = y0 + i >= 0 && y0 + i < in_h;
            xr[i] = xp + min(max(y0 + i, 0), in_h - 1) * in_w - pad_left;
        }
        int ox = oxLo;
#if defined(GRN_OPENCL) && STRIDE_W <= 2
        /* 16 outputs at a time: tap j of 16 neighbouring windows is one (stride 1) or the even half of two
         * (stride 2) 16-float loads. Validity is per row, so the first valid tap is the same for all lanes. */
        for (; ox + 16 <= oxHi; ox += 16) {
            float16 best = 0.0f;
            int16 best_tap = -1;
            int started = 0;
            for (int i = 0; i < POOL_H; ++i) {
                if (!valid[i]) continue;
                for (int j = 0; j < POOL_W; ++j) {
                    GLOBAL const float* q = xr[i] + ox * STRIDE_W + j;
                    float16 v = POOL_LOAD16(q);
                    int16 take = started ? isgreater(v, best) : (int16)(-1);
                    best = select(best, v, take);
                    best_tap = select(best_tap, (int16)(i * POOL_W + j), take);
                    started = 1;
                }
            }
            vstore16(best, 0, yr + ox);
            vstore16(convert_float16(best_tap), 0, tr + ox);
        }
#endif
        for (; ox < oxHi; ++ox) {
            float best = 0.0f;
            int best_tap = -1;
            for (int i = 0; i < POOL_H; ++i)
                for (int j = 0; j < POOL_W; ++j) {
                    float v = xr[i][ox * STRIDE_W + j];
                    int take = valid[i] && (best_tap < 0 || v > best);
                    best = take ? v : best;
                    best_tap = take ? i * POOL_W + j : best_tap;
                }
            yr[ox] = best;
            tr[ox] = (float)best_tap;
        }
        for (int ox = oxHi; ox < out_w; ++ox) maxpool_forward_at(xp, yr, tr, in_h, in_w, y0, ox, pad_left);
    }
}

/* The checked gather of one input element (edge columns): the same rule as maxpool_backward. */
DEVICE_FN float maxpool_grad_at(GLOBAL const float* dyp, GLOBAL const float* tp, int iy, int ix, int out_h, int out_w,
                                int pad_top, int pad_left)
{
    int ry = iy + pad_top, rx = ix + pad_left;
    int oy_hi = ry / STRIDE_H, ox_hi = rx / STRIDE_W;
    float acc = 0.0f;
    for (int a = POOL_CAND_H - 1; a >= 0; --a) {
        int oy = oy_hi - a, ty = ry - oy * STRIDE_H;
        for (int b = POOL_CAND_W - 1; b >= 0; --b) {
            int ox = ox_hi - b, tx = rx - ox * STRIDE_W;
            if (oy < 0 || oy >= out_h || ox < 0 || ox >= out_w || ty >= POOL_H || tx >= POOL_W) continue;
            if ((int)tp[oy * out_w + ox] == ty * POOL_W + tx) acc += dyp[oy * out_w + ox];
        }
    }
    return acc;
}

/* Backward per input row: input column ix = ox * STRIDE_W - pad_left + s (s < STRIDE_W) is read by output columns
 * ox - c at window column s + c * STRIDE_W (c < POOL_CAND_W), so walking ox makes every load linear. Candidates are
 * added in the same order as the gather above (oldest output first), so both forms round alike. */
KERNEL void maxpool_backward_rows(GLOBAL const float* RESTRICT dy, GLOBAL const float* RESTRICT taps, GLOBAL float* RESTRICT dx,
                                  int in_h, int in_w, int out_h, int out_w, int pad_top, int pad_left, int rows, int per)
{
    int r0 = GLOBAL_ID(0) * per, r1 = min(r0 + per, rows);
    /* Interior output columns: every candidate ox - c exists and every ix of the run lies inside the row. */
    int oxLo = max(POOL_CAND_W - 1, (pad_left + STRIDE_W - 1) / STRIDE_W);
    int oxHi = in_w + pad_left - STRIDE_W < 0 ? oxLo : max(oxLo, min(out_w, (in_w + pad_left - STRIDE_W) / STRIDE_W + 1));
    int ixLo = min(in_w, oxLo * STRIDE_W - pad_left), ixHi = max(ixLo, oxHi * STRIDE_W - pad_left);
    for (int r = r0; r < r1; ++r) {
        int iy = r % in_h;
        long plane = r / in_h;
        GLOBAL const float* dyp = dy + plane * out_h * out_w;
        GLOBAL const float* tp = taps + plane * out_h * out_w;
        GLOBAL float* dxr = dx + (long)r * in_w;
        for (int ix = 0; ix < ixLo; ++ix) dxr[ix] = maxpool_grad_at(dyp, tp, iy, ix, out_h, out_w, pad_top, pad_left);
        for (int ix = ixHi; ix < in_w; ++ix) dxr[ix] = maxpool_grad_at(dyp, tp, iy, ix, out_h, out_w, pad_top, pad_left);
        /* Candidate output row a (oldest first): valid flag, offset, and the window row it sees iy at. */
        int ry = iy + pad_top, valid[POOL_CAND_H], off[POOL_CAND_H], ty[POOL_CAND_H];
        for (int a = 0; a < POOL_CAND_H; ++a) {
            int oy = ry / STRIDE_H - (POOL_CAND_H - 1 - a);
            ty[a] = ry - oy * STRIDE_H;
            valid[a] = oy >= 0 && oy < out_h && ty[a] < POOL_H;
            off[a] = min(max(oy, 0), out_h - 1) * out_w;
        }
        GLOBAL float* run = dxr - pad_left;
        int ox = oxLo;
#if defined(GRN_OPENCL) && STRIDE_W <= 2
        /* 16 output columns at a time: the candidates' taps and gradients are 16-float loads; with stride 2 the two
         * input columns of each output (s = 0, 1) are interleaved into two 16-float stores. */
        for (; ox + 16 <= oxHi; ox += 16) {
            float16 acc[STRIDE_W];
            for (int s = 0; s < STRIDE_W; ++s) {
                acc[s] = 0.0f;
                for (int a = 0; a < POOL_CAND_H; ++a) {
                    if (!valid[a]) continue;
                    for (int c = POOL_CAND_W - 1; c >= 0; --c) {
                        int tx = s + c * STRIDE_W;
                        if (tx >= POOL_W) continue;
                        int o = off[a] + ox - c;
                        int16 hit = convert_int16(vload16(0, tp + o)) == (int16)(ty[a] * POOL_W + tx);
                        acc[s] += select((float16)(0.0f), vload16(0, dyp + o), hit);
                    }
                }
            }
#if STRIDE_W == 1
            vstore16(acc[0], 0, run + ox);
#else
            float16 e = acc[0], d = acc[1];
            vstore16((float16)(e.s0, d.s0, e.s1, d.s1, e.s2, d.s2, e.s3, d.s3, e.s4, d.s4, e.s5, d.s5, e.s6, d.s6, e.s7, d.s7), 0, run + 2 * ox);
            vstore16((float16)(e.s8, d.s8, e.s9, d.s9, e.sa, d.sa, e.sb, d.sb, e.sc, d.sc, e.sd, d.sd, e.se, d.se, e.sf, d.sf), 1, run + 2 * ox);
#endif
        }
#endif
        for (; ox < oxHi; ++ox)
            for (int s = 0; s < STRIDE_W; ++s) {
                float acc = 0.0f;
                for (int a = 0; a < POOL_CAND_H; ++a)
                    for (int c = POOL_CAND_W - 1; c >= 0; --c) {
                        int tx = s + c * STRIDE_W;
                        if (tx >= POOL_W) continue;   /* a constant: resolved at compile time */
                        int o = off[a] + ox - c;
                        acc += (valid[a] && (int)tp[o] == ty[a] * POOL_W + tx) ? dyp[o] : 0.0f;
                    }
                run[ox * STRIDE_W + s] = acc;
            }
    }
}
