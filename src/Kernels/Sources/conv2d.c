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
 * [img][position panel][row][16]. One work-item per (img, row) writes its 16-float run (one 64-byte line) in
 * every panel. A run that lies in one output row, on a stride-1 axis, wholly inside the input, is a straight
 * 16-float copy (vectorised by the compiler); other runs take the per-element path with bounds checks. */
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
        GLOBAL float* dst = packed + ((long)img * panels * rows + row) * IM2COL_NR;
        int oy = 0, ox = 0;   /* output position of the run's first element */
        for (int q = 0; q < panels; ++q, dst += rows * IM2COL_NR) {
            int iy = oy * sh - pt + i * dh, ix = ox * sw - pl + j * dw;
            if (sw == 1 && ox + IM2COL_NR <= OW && iy >= 0 && iy < H && ix >= 0 && ix + IM2COL_NR <= W) {
                GLOBAL const float* from = src + iy * W + ix;
                for (int t = 0; t < IM2COL_NR; ++t) dst[t] = from[t];
                ox += IM2COL_NR;
                if (ox == OW) { ox = 0; ++oy; }
                continue;
            }
            for (int t = 0; t < IM2COL_NR; ++t) {
                iy = oy * sh - pt + i * dh;
                ix = ox * sw - pl + j * dw;
                dst[t] = (oy < OH && iy >= 0 && iy < H && ix >= 0 && ix < W) ? src[iy * W + ix] : 0.0f;
                if (++ox == OW) { ox = 0; ++oy; }
            }
        }
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
        GLOBAL float* dst = packed + ((long)r * depth + img * plane + oy * OW) * IM2COL_NR;
        GLOBAL const float* xs = x + xOffset;
        /* The panel's 16 rows: where each reads in x (-1: a padding row or a row past `rows`, all zeros). */
        int rowBase[IM2COL_NR], shift[IM2COL_NR];
        for (int t = 0; t < IM2COL_NR; ++t) {
            int row = min(r * IM2COL_NR + t, rows - 1);
            int j = row % KW, i = (row / KW) % KH, c = row / (KW * KH);
            int iy = oy * sh - pt + i * dh;
            rowBase[t] = (r * IM2COL_NR + t < rows && iy >= 0 && iy < H) ? ((img * C + c) * H + iy) * W : -1;
            shift[t] = j * dw - pl;
        }
        int ox = 0;
#ifdef GRN_OPENCL
        /* Stride 1: an 8-position by 16-row block is 16 contiguous 8-float loads, transposed in registers into
         * 8 contiguous 16-float stores (the packed layout is position-major). */
        if (sw == 1) {
            for (; ox + 8 <= OW; ox += 8) {
                float8 v[IM2COL_NR];
                for (int t = 0; t < IM2COL_NR; ++t) {
                    int ix = ox + shift[t];
                    if (rowBase[t] >= 0 && ix >= 0 && ix + 8 <= W) {
                        v[t] = vload8(0, xs + rowBase[t] + ix);
                    } else {
                        float edge[8];
                        for (int l = 0; l < 8; ++l)
                            edge[l] = (rowBase[t] >= 0 && ix + l >= 0 && ix + l < W) ? xs[rowBase[t] + ix + l] : 0.0f;
                        v[t] = vload8(0, edge);
                    }
                }
#define IM2COL_COLUMN(l) (float16)(v[0].s##l, v[1].s##l, v[2].s##l, v[3].s##l, v[4].s##l, v[5].s##l, v[6].s##l, v[7].s##l, \
                                   v[8].s##l, v[9].s##l, v[10].s##l, v[11].s##l, v[12].s##l, v[13].s##l, v[14].s##l, v[15].s##l)
                GLOBAL float* d = dst + ox * IM2COL_NR;
                vstore16(IM2COL_COLUMN(0), 0, d);
                vstore16(IM2COL_COLUMN(1), 1, d);
                vstore16(IM2COL_COLUMN(2), 2, d);
                vstore16(IM2COL_COLUMN(3), 3, d);
                vstore16(IM2COL_COLUMN(4), 4, d);
                vstore16(IM2COL_COLUMN(5), 5, d);
                vstore16(IM2COL_COLUMN(6), 6, d);
                vstore16(IM2COL_COLUMN(7), 7, d);
#undef IM2COL_COLUMN
            }
        }
#endif
        for (; ox < OW; ++ox)
            for (int t = 0; t < IM2COL_NR; ++t) {
                int ix = ox * sw + shift[t];
                dst[ox * IM2COL_NR + t] = (rowBase[t] >= 0 && ix >= 0 && ix < W) ? xs[rowBase[t] + ix] : 0.0f;
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
                int oxEnd = min(OW, (W - shift + sw - 1) / sw);   /* first ox with ix >= W */
                if (sw == 1) {   /* a contiguous run: the compiler vectorises it */
                    for (int ox = oxFirst; ox < oxEnd; ++ox) out[ox + shift] += tap[ox];
                } else {
                    for (int ox = oxFirst; ox < oxEnd; ++ox) out[ox * sw + shift] += tap[ox];
                }
            }
        }
    }
}

/* The zero-padded copy that gemm_cpu_conv (gemm.c) reads: xp[plane][py][px] = x[plane][py - pt][px - pl] where
 * that lies inside the input, 0 elsewhere, for py < HP, px < WP (pt, pl >= 0). One work-item per run of `per`
 * padded rows; each row is three conditional-free runs (left zeros, copy, right zeros) that the compiler vectorises. */
KERNEL void pad_planes_rows(GLOBAL const float* RESTRICT x, int xOffset, GLOBAL float* RESTRICT xp, int planes,
                            int H, int W, int HP, int WP, int pt, int pl, int per)
{
    int rows = planes * HP;
    int r0 = GLOBAL_ID(0) * per, r1 = min(r0 + per, rows);
    int left = min(pl, WP), right = min(WP, pl + W);
    for (int r = r0; r < r1; ++r) {
        int py = r % HP, iy = py - pt;
        GLOBAL float* dst = xp + (long)r * WP;
        if (iy < 0 || iy >= H) {
            for (int px = 0; px < WP; ++px) dst[px] = 0.0f;
            continue;
        }
        GLOBAL const float* src = x + xOffset + ((long)(r / HP) * H + iy) * W - pl;
        for (int px = 0; px < left; ++px) dst[px] = 0.0f;
        for (int px = left; px < right; ++px) dst[px] = src[px];
        for (int px = right; px < WP; ++px) dst[px] = 0.0f;
    }
}

/* The data gradient of a stride-1 convolution is a convolution of dy with the weights flipped in both window axes
 * and their channel axes swapped: flipped[c][(co, i, j)] = w[co][c][KH-1-i][KW-1-j], a Cin x (Cout*KH*KW) matrix.
 * One work-item per (c, co) pair reverses one window (one division per window, none per element). */
KERNEL void conv_weight_flip(GLOBAL const float* RESTRICT w, GLOBAL float* RESTRICT flipped, int Cout, int Cin, int KH, int KW)
{
    int taps = KH * KW;
    for (int e = GLOBAL_ID(0); e < Cin * Cout; e += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int co = e % Cout, c = e / Cout;
        GLOBAL const float* src = w + (co * Cin + c) * taps + taps - 1;
        GLOBAL float* dst = flipped + e * taps;
        for (int t = 0; t < taps; ++t) dst[t] = src[-t];
    }
}

/* dw[co][r] = (accumulate ? dw[co][r] : 0) + the sum over splits of part[s][r][co]: gemm_cpu_conv_wgrad's split
 * partials (rows x Cout each) added in split order and transposed into dw's Cout x rows layout, whose rows are ldw
 * apart from dwOffset (a slice of a wider weight: F.ConcatConv1x1). One work-item per co. */
KERNEL void conv_wgrad_reduce(GLOBAL const float* RESTRICT part, GLOBAL float* RESTRICT dw, int dwOffset, int ldw,
                              int rows, int Cout, int splits, int accumulate)
{
    for (int co = GLOBAL_ID(0); co < Cout; co += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        GLOBAL float* row = dw + dwOffset + (long)co * ldw;
        for (int r = 0; r < rows; ++r) {
            float sum = accumulate ? row[r] : 0.0f;
            for (int s = 0; s < splits; ++s) sum += part[((long)s * rows + r) * Cout + co];
            row[r] = sum;
        }
    }
}
