/* CPU-shaped reductions and batch normalisation, for OpenCL CPU devices (PoCL). Launched with work-groups of
 * one work-item, each running along contiguous memory: a CPU runtime pays a scheduling step per work-group and
 * vectorises a work-item's own inner loops, so a few long-running work-items beat a tree in shared memory
 * (which costs a pass over the group per level there). Sums use LANES interleaved accumulators (element j of a
 * run goes to accumulator j % LANES), folded by a tree at the end: a run of L values is summed with error about
 * (ceil(L / LANES) + log2 LANES) * 2^-24 * sum|terms|, and the fixed-count inner loop becomes vector adds.
 * These kernels compile for CUDA too (every file does) but are launched on CPU devices only. */
#define LANES 16

/* Sum of run[0..len) (stride 1). */
DEVICE_FN float cpu_sum(GLOBAL const float* RESTRICT run, int len)
{
    float acc[LANES];
    for (int l = 0; l < LANES; l++) acc[l] = 0.0f;
    int j = 0;
    for (; j + LANES <= len; j += LANES)
        for (int l = 0; l < LANES; l++) acc[l] += run[j + l];
    for (int l = 0; j + l < len; l++) acc[l] += run[j + l];
    for (int s = LANES / 2; s > 0; s >>= 1)
        for (int l = 0; l < s; l++) acc[l] += acc[l + s];
    return acc[0];
}

/* Sum of (run[j] - m)^2. */
DEVICE_FN float cpu_sum_sq(GLOBAL const float* RESTRICT run, float m, int len)
{
    float acc[LANES];
    for (int l = 0; l < LANES; l++) acc[l] = 0.0f;
    int j = 0;
    for (; j + LANES <= len; j += LANES)
        for (int l = 0; l < LANES; l++) {
            float d = run[j + l] - m;
            acc[l] += d * d;
        }
    for (int l = 0; j + l < len; l++) {
        float d = run[j + l] - m;
        acc[l] += d * d;
    }
    for (int s = LANES / 2; s > 0; s >>= 1)
        for (int l = 0; l < s; l++) acc[l] += acc[l + s];
    return acc[0];
}

/* Sum of a[j] * b[j]. */
DEVICE_FN float cpu_dot(GLOBAL const float* RESTRICT a, GLOBAL const float* RESTRICT b, int len)
{
    float acc[LANES];
    for (int l = 0; l < LANES; l++) acc[l] = 0.0f;
    int j = 0;
    for (; j + LANES <= len; j += LANES)
        for (int l = 0; l < LANES; l++) acc[l] += a[j + l] * b[j + l];
    for (int l = 0; j + l < len; l++) acc[l] += a[j + l] * b[j + l];
    for (int s = LANES / 2; s > 0; s >>= 1)
        for (int l = 0; l < s; l++) acc[l] += acc[l + s];
    return acc[0];
}

/* out[r] = factor * sum_j x[r * len + j] for the rows [GLOBAL_ID(0) * per_item, ...) below rows. */
KERNEL void rows_sum_cpu(GLOBAL const float* RESTRICT x, GLOBAL float* RESTRICT out, int len, float factor, int rows, int per_item)
{
    int r0 = GLOBAL_ID(0) * per_item, r1 = min(rows, r0 + per_item);
    for (int r = r0; r < r1; r++) out[r] = factor * cpu_sum(x + (long)r * len, len);
}

/* out[r] = sum_j a[r * len + j] * b[r * len + j]. */
KERNEL void rows_dot_cpu(GLOBAL const float* RESTRICT a, GLOBAL const float* RESTRICT b, GLOBAL float* RESTRICT out,
                         int len, int rows, int per_item)
{
    int r0 = GLOBAL_ID(0) * per_item, r1 = min(rows, r0 + per_item);
    for (int r = r0; r < r1; r++) out[r] = cpu_dot(a + (long)r * len, b + (long)r * len, len);
}

/* db[c] = sum over o, p of dy[o][c][p] (the bias gradient of (outer, channels, inner) tensors), one channel per
 * work-item: each plane's run summed as above, the outer plane sums added in sequence. */
KERNEL void channel_sum_cpu(GLOBAL const float* RESTRICT dy, GLOBAL float* RESTRICT db, int outer, int channels, int inner)
{
    int c = GLOBAL_ID(0);
    if (c >= channels) return;
    float acc = 0.0f;
    for (int o = 0; o < outer; o++) acc += cpu_sum(dy + ((long)o * channels + c) * inner, inner);
    db[c] = acc;
}

/* y = gamma * ((x - mean) * inv_std) + beta over channel c of every image, plus the residual (add) and through a
 * ReLU (relu): the normalisation both forward kernels end with. */
DEVICE_FN void bn_normalize_channel(GLOBAL const float* RESTRICT x, GLOBAL const float* RESTRICT residual, GLOBAL float* RESTRICT y,
                                    int c, int channels, int plane, int batch, float m, float inv_std, float g, float b, int relu, int add)
{
    long stride = (long)channels * plane;
    for (int n = 0; n < batch; n++) {
        long at = (long)c * plane + n * stride;
        GLOBAL const float* xr = x + at;
        GLOBAL const float* rr = residual + at;
        GLOBAL float* yr = y + at;
        for (int k = 0; k < plane; k++) {
            float t = g * ((xr[k] - m) * inv_std) + b;
            t = add ? t + rr[k] : t;
            yr[k] = relu && !(t > 0.0f) ? 0.0f : t;
        }
    }
}

/* Batch norm of NCHW (plane = H * W; an (N, C) input has plane 1), one channel per work-item, the same float
 * operations as batchnorm.c's per-element kernels. Training forward in one launch: the mean (each image's plane
 * summed, the N plane sums in sequence, times 1 / count), the variance the same way over (x - mean)^2, then
 * y = gamma * ((x - mean) * inv_std) + beta; the channel's values are read three times, the last two mostly
 * from cache. Writes mean and (biased) var for the backward pass and the running statistics. */
KERNEL void bn_forward_training_cpu(GLOBAL const float* RESTRICT x, GLOBAL const float* RESTRICT gamma,
                                    GLOBAL const float* RESTRICT beta, GLOBAL float* RESTRICT y,
                                    GLOBAL float* RESTRICT mean, GLOBAL float* RESTRICT var, GLOBAL const float* RESTRICT residual,
                                    int channels, int plane, int batch, float inv_count, float eps, int relu, int add)
{
    int c = GLOBAL_ID(0);
    if (c >= channels) return;
    long stride = (long)channels * plane;
    GLOBAL const float* xc = x + (long)c * plane;
    float s = 0.0f;
    for (int n = 0; n < batch; n++) s += cpu_sum(xc + n * stride, plane);
    float m = inv_count * s;
    float q = 0.0f;
    for (int n = 0; n < batch; n++) q += cpu_sum_sq(xc + n * stride, m, plane);
    float v = inv_count * q;
    mean[c] = m;
    var[c] = v;
    float inv_std = 1.0f / sqrtf(v + eps), g = gamma[c], b = beta[c];
    bn_normalize_channel(x, residual, y, c, channels, plane, batch, m, inv_std, g, b, relu, add);
}

/* Inference forward (running statistics): y = gamma * ((x - mean) * inv_std) + beta. */
KERNEL void bn_normalize_cpu(GLOBAL const float* RESTRICT x, GLOBAL const float* RESTRICT mean, GLOBAL const float* RESTRICT var,
                             GLOBAL const float* RESTRICT gamma, GLOBAL const float* RESTRICT beta, GLOBAL float* RESTRICT y,
                             GLOBAL const float* RESTRICT residual, int channels, int plane, int batch, float eps, int relu, int add)
{
    int c = GLOBAL_ID(0);
    if (c >= channels) return;
    float m = mean[c], inv_std = 1.0f / sqrtf(var[c] + eps), g = gamma[c], b = beta[c];
    bn_normalize_channel(x, residual, y, c, channels, plane, batch, m, inv_std, g, b, relu, add);
}

/* With add set, the forward kernels add residual to the normalised value (the residual block's shortcut), as add
 * would after it; with relu set they store max(t, 0) (t > 0 ? t : 0, as relu_forward) and the backward first masks
 * dy with the fused output relu_y (dy where relu_y > 0, else 0: TF's ReluGrad, since relu_y > 0 iff t > 0), and with
 * residual_grad also writes that masked gradient to dresidual (the shortcut's gradient). Unused pointers may be any
 * buffer of the size of x (residual, relu_y) or dx (dresidual: then not written).
 *
 * Backward in one launch, one channel per work-item: dbeta = sum dy and dgamma = sum dy * xhat (each plane's run
 * with LANES accumulators, plane sums in sequence), then
 *   training:  dx = gamma * inv_std * (dy - dbeta / M - xhat * dgamma / M)
 *   inference: dx = gamma * inv_std * dy. */
KERNEL void bn_backward_cpu(GLOBAL const float* RESTRICT x, GLOBAL const float* RESTRICT dy,
                            GLOBAL const float* RESTRICT mean, GLOBAL const float* RESTRICT var,
                            GLOBAL const float* RESTRICT gamma, GLOBAL float* RESTRICT dgamma, GLOBAL float* RESTRICT dbeta,
                            GLOBAL float* RESTRICT dx, GLOBAL const float* RESTRICT relu_y, GLOBAL float* RESTRICT dresidual,
                            int channels, int plane, int batch, float inv_count, float eps, int training, int relu, int residual_grad)
{
    int c = GLOBAL_ID(0);
    if (c >= channels) return;
    long stride = (long)channels * plane;
    float m = mean[c], inv_std = 1.0f / sqrtf(var[c] + eps);
    float sdy = 0.0f, sdyx = 0.0f;
    for (int n = 0; n < batch; n++) {
        GLOBAL const float* xr = x + (long)c * plane + n * stride;
        GLOBAL const float* gr = dy + (long)c * plane + n * stride;
        GLOBAL const float* yr = relu_y + (long)c * plane + n * stride;
        float a[LANES], b[LANES];
        for (int l = 0; l < LANES; l++) { a[l] = 0.0f; b[l] = 0.0f; }
        int j = 0;
        for (; j + LANES <= plane; j += LANES)
            for (int l = 0; l < LANES; l++) {
                float g = gr[j + l];
                g = relu && !(yr[j + l] > 0.0f) ? 0.0f : g;
                a[l] += g;
                b[l] += g * ((xr[j + l] - m) * inv_std);
            }
        for (int l = 0; j + l < plane; l++) {
            float g = gr[j + l];
            g = relu && !(yr[j + l] > 0.0f) ? 0.0f : g;
            a[l] += g;
            b[l] += g * ((xr[j + l] - m) * inv_std);
        }
        for (int s = LANES / 2; s > 0; s >>= 1)
            for (int l = 0; l < s; l++) { a[l] += a[l + s]; b[l] += b[l + s]; }
        sdy += a[0];
        sdyx += b[0];
    }
    dbeta[c] = sdy;
    dgamma[c] = sdyx;
    float scale = gamma[c] * inv_std, shift = sdy * inv_count, slope = sdyx * inv_count;
    for (int n = 0; n < batch; n++) {
        GLOBAL const float* xr = x + (long)c * plane + n * stride;
        GLOBAL const float* gr = dy + (long)c * plane + n * stride;
        GLOBAL float* dr = dx + (long)c * plane + n * stride;
        GLOBAL const float* yr = relu_y + (long)c * plane + n * stride;
        GLOBAL float* rr = dresidual + (long)c * plane + n * stride;
        for (int k = 0; k < plane; k++) {
            float g = gr[k];
            g = relu && !(yr[k] > 0.0f) ? 0.0f : g;
            if (residual_grad) rr[k] = g;
            float xhat = (xr[k] - m) * inv_std;
            g = training ? g - shift - xhat * slope : g;
            dr[k] = scale * g;
        }
    }
}

/* copy_blocks (elementwise.c) for the CPU: block b of `block` floats goes from src[b * src_stride + src_offset ...]
 * to dst[b * dst_stride + dst_offset ...]; each block is cut into `pieces` contiguous runs, one per work-item
 * (item = b * pieces + piece), so a work-item copies a plain run without a division per element. */
KERNEL void copy_blocks_cpu(GLOBAL const float* RESTRICT src, int src_stride, int src_offset,
                            GLOBAL float* RESTRICT dst, int dst_stride, int dst_offset, int block, int blocks, int pieces)
{
    int item = GLOBAL_ID(0), b = item / pieces, piece = item - b * pieces;
    if (b >= blocks) return;
    int run = (block + pieces - 1) / pieces, start = piece * run, end = min(block, start + run);
    GLOBAL const float* from = src + (long)b * src_stride + src_offset;
    GLOBAL float* to = dst + (long)b * dst_stride + dst_offset;
    for (int i = start; i < end; i++) to[i] = from[i];
}

/* y[p][j] = x[p][j] * s[p] over the planes [p0, p0 + per) of one work-item: channel.c's channel_scale without its
 * division per element (which kept it at a third of the streaming bandwidth). */
KERNEL void channel_scale_cpu(GLOBAL const float* RESTRICT x, GLOBAL const float* RESTRICT s, GLOBAL float* RESTRICT y,
                              int plane_size, int planes, int per)
{
    int p0 = GLOBAL_ID(0) * per, p1 = min(p0 + per, planes);
    for (int p = p0; p < p1; ++p) {
        float v = s[p];
        GLOBAL const float* xr = x + (long)p * plane_size;
        GLOBAL float* yr = y + (long)p * plane_size;
        for (int j = 0; j < plane_size; ++j) yr[j] = xr[j] * v;
    }
}

/* y[p][j] = factor * s[p] over the planes of one work-item: channel.c's plane_broadcast without the division. */
KERNEL void plane_broadcast_cpu(GLOBAL const float* RESTRICT s, GLOBAL float* RESTRICT y, int plane_size, float factor,
                                int planes, int per)
{
    int p0 = GLOBAL_ID(0) * per, p1 = min(p0 + per, planes);
    for (int p = p0; p < p1; ++p) {
        float v = factor * s[p];
        GLOBAL float* yr = y + (long)p * plane_size;
        for (int j = 0; j < plane_size; ++j) yr[j] = v;
    }
}
