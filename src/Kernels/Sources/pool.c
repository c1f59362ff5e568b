/* 2-D max pooling over NCHW, Keras semantics (Pool2dGeometry): output (oy, ox) covers input rows
 * oy * stride_h - pad_top + i (i < pool_h) and columns ox * stride_w - pad_left + j (j < pool_w);
 * positions outside the input are padding and never take part (so they never win).
 *
 * The forward pass records, for each output, the WINDOW TAP of its winner, i * pool_w + j, stored as a float.
 * A tap is a small integer (below pool_h * pool_w), so the float is exact whatever the tensor's size; a flat
 * input index would not be past 2^24 elements. Ties go to the first tap in row-major window order (strict >). */

/* One work-item per output element (grid-stride over n_out = N*C*out_h*out_w); the loop is over its window only. */
KERNEL void maxpool_forward(GLOBAL const float* RESTRICT x, GLOBAL float* RESTRICT y, GLOBAL float* RESTRICT taps,
                            int in_h, int in_w, int out_h, int out_w, int pool_h, int pool_w,
                            int stride_h, int stride_w, int pad_top, int pad_left, int n_out)
{
    for (int o = GLOBAL_ID(0); o < n_out; o += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int ox = o % out_w;
        int oy = (o / out_w) % out_h;
        int plane = o / (out_w * out_h);
        GLOBAL const float* xp = x + (long)plane * in_h * in_w;
        int y0 = oy * stride_h - pad_top, x0 = ox * stride_w - pad_left;
        float best = 0.0f;
        int best_tap = -1;
        for (int i = 0; i < pool_h; ++i) {
            int iy = y0 + i;
            if (iy < 0 || iy >= in_h) continue;
            for (int j = 0; j < pool_w; ++j) {
                int ix = x0 + j;
                if (ix < 0 || ix >= in_w) continue;
                float v = xp[iy * in_w + ix];
                if (best_tap < 0 || v > best) {
                    best = v;
                    best_tap = i * pool_w + j;
                }
            }
        }
        /* "same" padding is at most pool - 1 in total, so every window holds a real position: best_tap >= 0. */
        y[o] = best;
        taps[o] = (float)best_tap;
    }
}

/* Gather form of the backward, so overlapping windows (3x3 stride 2) need no atomics: one work-item per INPUT
 * element sums the gradients of the outputs whose windows hold it and whose recorded tap is it. At most
 * ceil(pool_h / stride_h) * ceil(pool_w / stride_w) outputs cover an input, visited in output order. */
KERNEL void maxpool_backward(GLOBAL const float* RESTRICT dy, GLOBAL const float* RESTRICT taps, GLOBAL float* RESTRICT dx,
                             int in_h, int in_w, int out_h, int out_w, int pool_h, int pool_w,
                             int stride_h, int stride_w, int pad_top, int pad_left, int n_in)
{
    for (int e = GLOBAL_ID(0); e < n_in; e += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int ix = e % in_w;
        int iy = (e / in_w) % in_h;
        int plane = e / (in_w * in_h);
        /* Output oy covers iy when 0 <= iy + pad_top - oy * stride_h < pool_h. */
        int ry = iy + pad_top, rx = ix + pad_left;
        int oy_lo = ry - pool_h + 1 <= 0 ? 0 : (ry - pool_h + stride_h) / stride_h;
        int ox_lo = rx - pool_w + 1 <= 0 ? 0 : (rx - pool_w + stride_w) / stride_w;
        int oy_hi = min(ry / stride_h, out_h - 1);
        int ox_hi = min(rx / stride_w, out_w - 1);
        long base = (long)plane * out_h * out_w;
        float acc = 0.0f;
        for (int oy = oy_lo; oy <= oy_hi; ++oy) {
            for (int ox = ox_lo; ox <= ox_hi; ++ox) {
                int tap = (ry - oy * stride_h) * pool_w + (rx - ox * stride_w);
                long o = base + oy * out_w + ox;
                if ((int)taps[o] == tap) acc += dy[o];
            }
        }
        dx[e] = acc;
    }
}
