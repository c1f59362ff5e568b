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

/* CPU layouts. A CPU core pays for every integer division (tens of cycles), so these kernels give each
 * work-item a whole row or block and walk positions incrementally instead of decoding a flat index per element.
 * The CPU GEMM (gemm.c, GEMM_NR = 16) reads B in panels of 16 columns, k-major: [panel][k][16], zero past the
 * last column; the two packed im2col variants write the columns straight into that layout, which saves the
 * GEMM a packing pass over its largest operand. */
#define IM2COL_NR 16

/* Forward / data-gradient layout: per image a rows x plane matrix (k = row, column = output position), packed as
 * [img][position panel][row][16]. One work-item per (img, row) walks every output position; its 16-float runs
 * are whole 64-byte lines. */
KERNEL void im2col_packed(GLOBAL const float* RESTRICT x, int xOffset, GLOBAL float* RESTRICT packed, int images,
                          int C, int H, int W, int KH, int KW, int OH, int OW,
                          int sh, int sw, int dh, int dw, int pt, int pl)
{
    int plane = OH * OW, rows = C * KH * KW, panels = (plane + IM2COL_NR - 1) / IM2COL_NR;
    int total = images * rows;
    for (int e = GLOBAL_ID(0); e < total; e += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int row = e % rows, img = e / rows;
        int j = row % KW, i = (row / KW) % KH, c = row / (KW * KH);
        GLOBAL const float* src = x + xOffset + (img * C + c) * H * W;
        GLOBAL float* dst = packed + (img * panels * rows + row) * IM2COL_NR;
        int p = 0;
        for (int oy = 0; oy < OH; ++oy) {
            int iy = oy * sh - pt + i * dh;
            int rowInside = iy >= 0 && iy < H;
            for (int ox = 0; ox < OW; ++ox, ++p) {
                int ix = ox * sw - pl + j * dw;
                dst[(p / IM2COL_NR) * rows * IM2COL_NR + p % IM2COL_NR] =
                    (rowInside && ix >= 0 && ix < W) ? src[iy * W + ix] : 0.0f;
            }
        }
        for (; p < panels * IM2COL_NR; ++p) dst[(p / IM2COL_NR) * rows * IM2COL_NR + p % IM2COL_NR] = 0.0f;
    }
}

/* Weight-gradient layout: the transposed columns of all `images`, summed over by the GEMM, so one matrix of
 * depth images*plane (k = (img, position)) and `rows` columns, packed as [row panel][img*plane + p][16].
 * One work-item per (row panel, img, oy) decodes its 16 rows once, then writes 16 contiguous floats per ox. */
KERNEL void im2col_packed_t(GLOBAL const float* RESTRICT x, int xOffset, GLOBAL float* RESTRICT packed, int images,
                            int C, int H, int W, int KH, int KW, int OH, int OW,
                            int sh, int sw, int dh, int dw, int pt, int pl)
{
    int plane = OH * OW, rows = C * KH * KW, depth = images * plane;
    int rowPanels = (rows + IM2COL_NR - 1) / IM2COL_NR;
    int total = rowPanels * images * OH;
    for (int e = GLOBAL_ID(0); e < total; e += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int oy = e % OH, img = (e / OH) % images, r = e / (OH * images);
        int plane0[IM2COL_NR], iyOf[IM2COL_NR], ix0[IM2COL_NR];
        for (int t = 0; t < IM2COL_NR; ++t) {
            int row = min(r * IM2COL_NR + t, rows - 1);
            int j = row % KW, i = (row / KW) % KH, c = row / (KW * KH);
            plane0[t] = (img * C + c) * H * W;
            iyOf[t] = r * IM2COL_NR + t < rows ? oy * sh - pt + i * dh : -1;   /* -1: padding row, reads zero */
            ix0[t] = j * dw - pl;
        }
        GLOBAL const float* src = x + xOffset;
        GLOBAL float* dst = packed + ((long)r * depth + img * plane + oy * OW) * IM2COL_NR;
        for (int ox = 0; ox < OW; ++ox) {
            for (int t = 0; t < IM2COL_NR; ++t) {
                int iy = iyOf[t], ix = ox * sw + ix0[t];
                dst[t] = (iy >= 0 && iy < H && ix >= 0 && ix < W) ? src[plane0[t] + iy * W + ix] : 0.0f;
            }
            dst += IM2COL_NR;
        }
    }
}

/* col2im for the CPU: one work-item owns one input row dx[img][c][iy][.], zeroes it and adds every column entry
 * that read it, tap by tap; each dx element has exactly one writer, so there are no races and no atomics.
 * Divisions happen per tap and row, not per element. */
KERNEL void col2im_rows(GLOBAL const float* RESTRICT dcol, GLOBAL float* RESTRICT dx, int dxOffset, int images,
                        int C, int H, int W, int KH, int KW, int OH, int OW,
                        int sh, int sw, int dh, int dw, int pt, int pl)
{
    int plane = OH * OW;
    int total = images * C * H;
    for (int e = GLOBAL_ID(0); e < total; e += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int iy = e % H, ch = e / H;   /* ch = img * C + c */
        GLOBAL float* out = dx + dxOffset + e * W;
        for (int ix = 0; ix < W; ++ix) out[ix] = 0.0f;
        for (int i = 0; i < KH; ++i) {
            int ty = iy + pt - i * dh;
            if (ty < 0 || ty % sh != 0 || ty / sh >= OH) continue;
            GLOBAL const float* tap = dcol + (long)ch * KH * KW * plane + (i * KW) * plane + (ty / sh) * OW;
            for (int j = 0; j < KW; ++j, tap += plane) {
                /* ox reads ix = ox*sw - pl + j*dw; keep the ox whose ix lies in [0, W). */
                int shift = j * dw - pl;
                int oxFirst = shift >= 0 ? 0 : (-shift + sw - 1) / sw;
                for (int ox = oxFirst; ox < OW; ++ox) {
                    int ix = ox * sw + shift;
                    if (ix >= W) break;
                    out[ix] += tap[ox];
                }
            }
        }
    }
}
