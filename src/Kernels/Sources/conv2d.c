/* Convolution data movement around the GEMM (see Conv2dOp): im2col unrolls input windows into columns, and
 * col2im folds column gradients back onto the input. Layouts: x NCHW; col per image (C*KH*KW) x (OH*OW),
 * row (c*KH + i)*KW + j, column oy*OW + ox, so that forward is W (Cout x C*KH*KW) times col.
 * Geometry (Keras padding resolved to top/left pads by the host) travels as int arguments. */

/* col[img][(c, i, j)][(oy, ox)] = x[n0 + img][c][oy*sh - pt + i*dh][ox*sw - pl + j*dw], zero outside the image.
 * One work-item per column element, grid-strided; ox runs fastest so that neighbouring work-items write
 * neighbouring addresses (coalesced on GPUs, contiguous for the CPU's work-item loop). */
KERNEL void im2col(GLOBAL const float* RESTRICT x, int xOffset, GLOBAL float* RESTRICT col, int images,
                   int C, int H, int W, int KH, int KW, int OH, int OW,
                   int sh, int sw, int dh, int dw, int pt, int pl)
{
    int plane = OH * OW, rows = C * KH * KW;
    int total = images * rows * plane;
    for (int e = GLOBAL_ID(0); e < total; e += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int p = e % plane, rest = e / plane;
        int row = rest % rows, img = rest / rows;
        int j = row % KW, i = (row / KW) % KH, c = row / (KW * KH);
        int oy = p / OW, ox = p % OW;
        int iy = oy * sh - pt + i * dh, ix = ox * sw - pl + j * dw;
        col[e] = (iy >= 0 && iy < H && ix >= 0 && ix < W) ? x[xOffset + ((img * C + c) * H + iy) * W + ix] : 0.0f;
    }
}

/* dx[n0 + img][c][iy][ix] = sum of dcol[img][(c, i, j)][(oy, ox)] over the taps (i, j) and outputs (oy, ox) that
 * read input (iy, ix): a gather, one work-item per input element, so no two work-items write one address and no
 * atomics are needed. Tap i reads iy when iy + pt - i*dh is a non-negative multiple of sh below OH*sh. */
KERNEL void col2im(GLOBAL const float* RESTRICT dcol, GLOBAL float* RESTRICT dx, int dxOffset, int images,
                   int C, int H, int W, int KH, int KW, int OH, int OW,
                   int sh, int sw, int dh, int dw, int pt, int pl)
{
    int plane = OH * OW;
    int total = images * C * H * W;
    for (int e = GLOBAL_ID(0); e < total; e += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int ix = e % W, iy = (e / W) % H, ch = e / (W * H);   /* ch = img * C + c */
        GLOBAL const float* base = dcol + ch * KH * KW * plane;
        float sum = 0.0f;
        for (int i = 0; i < KH; ++i) {
            int ty = iy + pt - i * dh;
            if (ty < 0 || ty % sh != 0) continue;
            int oy = ty / sh;
            if (oy >= OH) continue;
            for (int j = 0; j < KW; ++j) {
                int tx = ix + pl - j * dw;
                if (tx < 0 || tx % sw != 0) continue;
                int ox = tx / sw;
                if (ox >= OW) continue;
                sum += base[(i * KW + j) * plane + oy * OW + ox];
            }
        }
        dx[dxOffset + e] = sum;
    }
}
