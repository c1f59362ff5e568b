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
