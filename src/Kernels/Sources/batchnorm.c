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

/* Flat NCHW index of the j-th value of channel c. */
DEVICE_FN int bn_index(int j, int c, int channels, int plane)
{
    int n = j / plane;
    return (n * channels + c) * plane + (j - n * plane);
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
    for (int j = p * chunk + lid; j < end; j += BN_GROUP) {
        float d = x[bn_index(j, c, channels, plane)] - m;
        acc += centered ? d * d : d;
    }
    tile[lid] = acc;
    BARRIER();
    for (int s = BN_GROUP / 2; s > 0; s >>= 1) {
        if (lid < s) tile[lid] += tile[lid + s];
        BARRIER();
    }
    if (lid == 0) table[c * parts + p] = tile[0];
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
    for (int j = p * chunk + lid; j < end; j += BN_GROUP) {
        int i = bn_index(j, c, channels, plane);
        float g = dy[i];
        acc_dy += g;
        acc_dyx += g * ((x[i] - m) * inv_std);
    }
    tile_dy[lid] = acc_dy;
    tile_dyx[lid] = acc_dyx;
    BARRIER();
    for (int s = BN_GROUP / 2; s > 0; s >>= 1) {
        if (lid < s) {
            tile_dy[lid] += tile_dy[lid + s];
            tile_dyx[lid] += tile_dyx[lid + s];
        }
        BARRIER();
    }
    if (lid == 0) {
        table_dy[c * parts + p] = tile_dy[0];
        table_dyx[c * parts + p] = tile_dyx[0];
    }
}

/* y = gamma * (x - mean) / sqrt(var + eps) + beta, grid-stride over all n elements (batch or running statistics). */
KERNEL void bn_normalize(GLOBAL const float* x, GLOBAL const float* RESTRICT mean, GLOBAL const float* RESTRICT var,
                         GLOBAL const float* RESTRICT gamma, GLOBAL const float* RESTRICT beta, GLOBAL float* y,
                         int channels, int plane, float eps, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int c = (i / plane) % channels;
        y[i] = gamma[c] * ((x[i] - mean[c]) * bn_inv_std(var, c, eps)) + beta[c];
    }
}

/* Input gradient. Training (through the batch statistics), with M = count:
 *   dx = gamma / sqrt(var + eps) * (dy - dbeta / M - xhat * dgamma / M),
 * where dbeta = sum dy and dgamma = sum dy * xhat are the finished per-channel sums.
 * Inference (running statistics are constants): dx = dy * gamma / sqrt(var + eps). */
KERNEL void bn_backward_input(GLOBAL const float* x, GLOBAL const float* dy,
                              GLOBAL const float* RESTRICT mean, GLOBAL const float* RESTRICT var,
                              GLOBAL const float* RESTRICT gamma, GLOBAL const float* RESTRICT dgamma,
                              GLOBAL const float* RESTRICT dbeta, GLOBAL float* dx,
                              int channels, int plane, float eps, float inv_count, int training, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int c = (i / plane) % channels;
        float inv_std = bn_inv_std(var, c, eps);
        float g = dy[i];
        if (training) {
            float xhat = (x[i] - mean[c]) * inv_std;
            g = g - dbeta[c] * inv_count - xhat * (dgamma[c] * inv_count);
        }
        dx[i] = gamma[c] * inv_std * g;
    }
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
