/* Batch normalisation over channel axis 1 of NCHW (a (N, C) input is (N, C, 1, 1)); statistics per channel
 * over the count = N*H*W values of the channel.
 *
 * Per-channel sums run in two stages so that a channel's reduction spans many work-groups: a grid of
 * (parts, C) groups, where group (p, c) folds the channel's values [p * chunk, (p + 1) * chunk) (in (n, h*w)
 * order) into one partial sum by a tree in shared memory, writing table[c * parts + p]; then rows_sum
 * (reduce.c) adds each channel's row of partials. The variance is two-pass (the sum of squared deviations
 * from the finished mean), which keeps float accuracy when the mean is large next to the spread.
 * BN_GROUP (a power of two) is the group size the launcher uses. */
#ifndef BN_GROUP
#define BN_GROUP 256
#endif

/* The j-th value of channel c is at (n * channels + c) * plane + k with j = n * plane + k. The loops below keep
 * (n, k) and step them, dividing only when a step crosses into another image: an integer division per value
 * costs more than the rest of the loop on a CPU, where it does not vectorise. */
DEVICE_FN void bn_advance(int* n, int* k, int step, int plane)
{
    *k += step;
    if (*k >= plane) {
        int q = *k / plane;
        *n += q;
        *k -= q * plane;
    }
}

DEVICE_FN float bn_inv_std(GLOBAL const float* var, int c, float eps)
{
    return 1.0f / sqrtf(var[c] + eps);
}

/* Partial sums of x (centered = 0: mean is not read, any buffer will do) or of (x - mean[c])^2 (centered = 1). */
KERNEL void bn_partial_moment(GLOBAL const float* RESTRICT x, GLOBAL const float* RESTRICT mean, GLOBAL float* RESTRICT table,
                              int channels, int plane, int count, int chunk, int centered)
{
    SHARED float tile[BN_GROUP];
    int lid = LOCAL_ID(0), p = GROUP_ID(0), c = GROUP_ID(1), parts = NUM_GROUPS(0);
    int end = min(count, (p + 1) * chunk);
    float m = centered ? mean[c] : 0.0f;
    float acc = 0.0f;
    int j = p * chunk + lid, n = j / plane, k = j - n * plane;
    for (; j < end; j += BN_GROUP) {
        float d = x[(n * channels + c) * plane + k] - m;
        acc += centered ? d * d : d;
        bn_advance(&n, &k, BN_GROUP, plane);
    }
    tile[lid] = acc;
    grn_tree_sum(tile, lid, BN_GROUP);
    if (lid == 0) table[c * parts + p] = tile[0];
}

/* Row layout, for channels whose planes are not tiny: one work-group per (n, c) plane folds its H * W
 * contiguous values with a tree in shared memory, table[n * C + c] = sum_k f(x[n, c, k]); bn_batch_sum then adds
 * each channel's N plane sums. Contiguous reads, no division per value. Grid: (N * C) groups of BN_GROUP. */
KERNEL void bn_row_moment(GLOBAL const float* RESTRICT x, GLOBAL const float* RESTRICT mean, GLOBAL float* RESTRICT table,
                          int channels, int plane, int centered)
{
    SHARED float tile[BN_GROUP];
    int lid = LOCAL_ID(0), row = GROUP_ID(0);
    float m = centered ? mean[row % channels] : 0.0f;
    GLOBAL const float* values = x + (long)row * plane;
    float acc = 0.0f;
    for (int k = lid; k < plane; k += BN_GROUP) {
        float d = values[k] - m;
        acc += centered ? d * d : d;
    }
    tile[lid] = acc;
    grn_tree_sum(tile, lid, BN_GROUP);
    if (lid == 0) table[row] = tile[0];
}

/* Row layout of the backward's sums: of dy into table_dy and of dy * xhat into table_dyx, per (n, c) plane. */
KERNEL void bn_row_grad(GLOBAL const float* RESTRICT x, GLOBAL const float* RESTRICT dy,
                        GLOBAL const float* RESTRICT mean, GLOBAL const float* RESTRICT var,
                        GLOBAL float* RESTRICT table_dy, GLOBAL float* RESTRICT table_dyx,
                        int channels, int plane, float eps)
{
    SHARED float tile_dy[BN_GROUP];
    SHARED float tile_dyx[BN_GROUP];
    int lid = LOCAL_ID(0), row = GROUP_ID(0), c = row % channels;
    float m = mean[c], inv_std = bn_inv_std(var, c, eps);
    long base = (long)row * plane;
    float acc_dy = 0.0f, acc_dyx = 0.0f;
    for (int k = lid; k < plane; k += BN_GROUP) {
        float g = dy[base + k];
        acc_dy += g;
        acc_dyx += g * ((x[base + k] - m) * inv_std);
    }
    tile_dy[lid] = acc_dy;
    tile_dyx[lid] = acc_dyx;
    grn_tree_sum(tile_dy, lid, BN_GROUP);
    grn_tree_sum(tile_dyx, lid, BN_GROUP);
    if (lid == 0) {
        table_dy[row] = tile_dy[0];
        table_dyx[row] = tile_dyx[0];
    }
}

/* out[c] = factor * sum_n table[n * C + c]: the batch's plane sums of each channel, in sequence. */
KERNEL void bn_batch_sum(GLOBAL const float* RESTRICT table, GLOBAL float* RESTRICT out, int channels, int batch, float factor)
{
    for (int c = GLOBAL_ID(0); c < channels; c += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        float acc = 0.0f;
        for (int n = 0; n < batch; n++) acc += table[n * channels + c];
        out[c] = factor * acc;
    }
}

/* Partial sums for the backward: of dy (-> dbeta) into table_dy and of dy * xhat (-> dgamma) into table_dyx,
 * xhat = (x - mean) / sqrt(var + eps) with the statistics the forward pass used (batch or running). */
KERNEL void bn_partial_grad(GLOBAL const float* RESTRICT x, GLOBAL const float* RESTRICT dy,
                            GLOBAL const float* RESTRICT mean, GLOBAL const float* RESTRICT var,
                            GLOBAL float* RESTRICT table_dy, GLOBAL float* RESTRICT table_dyx,
                            int channels, int plane, int count, int chunk, float eps)
{
    SHARED float tile_dy[BN_GROUP];
    SHARED float tile_dyx[BN_GROUP];
    int lid = LOCAL_ID(0), p = GROUP_ID(0), c = GROUP_ID(1), parts = NUM_GROUPS(0);
    int end = min(count, (p + 1) * chunk);
    float m = mean[c], inv_std = bn_inv_std(var, c, eps);
    float acc_dy = 0.0f, acc_dyx = 0.0f;
    int j = p * chunk + lid, n = j / plane, k = j - n * plane;
    for (; j < end; j += BN_GROUP) {
        int i = (n * channels + c) * plane + k;
        float g = dy[i];
        acc_dy += g;
        acc_dyx += g * ((x[i] - m) * inv_std);
        bn_advance(&n, &k, BN_GROUP, plane);
    }
    tile_dy[lid] = acc_dy;
    tile_dyx[lid] = acc_dyx;
    grn_tree_sum(tile_dy, lid, BN_GROUP);
    grn_tree_sum(tile_dyx, lid, BN_GROUP);
    if (lid == 0) {
        table_dy[c * parts + p] = tile_dy[0];
        table_dyx[c * parts + p] = tile_dyx[0];
    }
}

/* The per-element kernels are straight-line code, one value per work-item, on a grid whose dimension 0 covers
 * a plane's H * W values and dimensions 1 and 2 the rows = N * C planes (row = y + z * NUM_GROUPS(1), so a
 * work-item knows its channel without dividing per value). Loops around the body would keep a CPU runtime
 * from vectorising across work-items, which is where its speed comes from. */
DEVICE_FN int bn_row(void)
{
    return GROUP_ID(1) + GROUP_ID(2) * NUM_GROUPS(1);
}

/* y = gamma * (x - mean) / sqrt(var + eps) + beta (batch or running statistics). */
/* inv_std[c] = 1 / sqrt(var[c] + eps), once per channel for the per-element kernels (the same float operations
 * they would do per element, so the same values). */
KERNEL void bn_inv_std_table(GLOBAL const float* RESTRICT var, GLOBAL float* RESTRICT inv_std, float eps, int channels)
{
    for (int c = GLOBAL_ID(0); c < channels; c += NUM_GROUPS(0) * LOCAL_SIZE(0)) inv_std[c] = bn_inv_std(var, c, eps);
}

KERNEL void bn_normalize(GLOBAL const float* x, GLOBAL const float* RESTRICT mean, GLOBAL const float* RESTRICT inv_std,
                         GLOBAL const float* RESTRICT gamma, GLOBAL const float* RESTRICT beta, GLOBAL float* y,
                         int channels, int plane, int rows)
{
    int row = bn_row(), k = GLOBAL_ID(0);
    if (row >= rows || k >= plane) return;
    int c = row % channels, i = row * plane + k;
    y[i] = gamma[c] * ((x[i] - mean[c]) * inv_std[c]) + beta[c];
}

/* Input gradient. Training (through the batch statistics), with M = count:
 *   dx = gamma / sqrt(var + eps) * (dy - dbeta / M - xhat * dgamma / M),
 * where dbeta = sum dy and dgamma = sum dy * xhat are the finished per-channel sums.
 * Inference (running statistics are constants): dx = dy * gamma / sqrt(var + eps). */
KERNEL void bn_backward_input(GLOBAL const float* x, GLOBAL const float* dy,
                              GLOBAL const float* RESTRICT mean, GLOBAL const float* RESTRICT inv_std_table,
                              GLOBAL const float* RESTRICT gamma, GLOBAL const float* RESTRICT dgamma,
                              GLOBAL const float* RESTRICT dbeta, GLOBAL float* dx,
                              int channels, int plane, float inv_count, int training, int rows)
{
    int row = bn_row(), k = GLOBAL_ID(0);
    if (row >= rows || k >= plane) return;
    int c = row % channels, i = row * plane + k;
    float inv_std = inv_std_table[c];
    float g = dy[i];
    float xhat = (x[i] - mean[c]) * inv_std;
    /* Both forms computed: a select, not a branch, so CPU compilers vectorise it. */
    g = training ? g - dbeta[c] * inv_count - xhat * (dgamma[c] * inv_count) : g;
    dx[i] = gamma[c] * inv_std * g;
}

/* Keras moving averages: running = running * momentum + batch * (1 - momentum), with the batch variance times
 * `correction` (count / (count - 1) for TF's fused 4-D batch norm, 1 otherwise). One work-item per channel. */
KERNEL void bn_update_running(GLOBAL float* running_mean, GLOBAL float* running_var,
                              GLOBAL const float* batch_mean, GLOBAL const float* batch_var,
                              float momentum, float one_minus_momentum, float correction, int channels)
{
    for (int c = GLOBAL_ID(0); c < channels; c += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        running_mean[c] = running_mean[c] * momentum + batch_mean[c] * one_minus_momentum;
        running_var[c] = running_var[c] * momentum + batch_var[c] * correction * one_minus_momentum;
    }
}
