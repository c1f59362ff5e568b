/* Binary cross-entropy on probabilities, as tf.keras (keras.backend.binary_crossentropy, from_logits=False):
 *   p' = clip(p, eps, 1 - eps),  y' = y * (1 - s) + 0.5 * s (label smoothing s),
 *   loss = mean of -(y' * log(p' + eps) + (1 - y') * log(1 - p' + eps)),  eps = 1e-7.
 * 1 - p' is computed as clip(1 - p, eps, 1 - eps), the same value mathematically, because 1 - p is exact in float
 * for p >= 1/2 while 1 - eps is not representable: rounding it first would move log(1 - p' + eps) by ~10% near p = 1.
 * lo and hi are the float bounds with (p < lo) == ((double)p < 1e-7) and (p > hi) == ((double)p > 1 - 1e-7),
 * computed on the host, so the clipped region (zero gradient) is exactly the reference's.
 * LOSS_GROUP (a power of two) is the group size the launcher uses. */
#ifndef LOSS_GROUP
#define LOSS_GROUP 256
#endif

#define BCE_EPS 1e-7f

DEVICE_FN float bce_smooth(float y, float smoothing)
{
    return y * (1.0f - smoothing) + 0.5f * smoothing;
}

/* Each group folds a grid-strided slice of the per-element losses into partial[group]; rows_sum (reduce.c)
 * then adds the partials and divides by the count. */
KERNEL void bce_partial(GLOBAL const float* RESTRICT p, GLOBAL const float* RESTRICT labels, GLOBAL float* RESTRICT partial,
                        float smoothing, int n)
{
    SHARED float tile[LOSS_GROUP];
    int lid = LOCAL_ID(0);
    float acc = 0.0f;
    for (int i = GROUP_ID(0) * LOSS_GROUP + lid; i < n; i += NUM_GROUPS(0) * LOSS_GROUP) {
        float y = bce_smooth(labels[i], smoothing);
        float pc = fminf(fmaxf(p[i], BCE_EPS), 1.0f - BCE_EPS);
        float qc = fminf(fmaxf(1.0f - p[i], BCE_EPS), 1.0f - BCE_EPS);
        acc += -(y * logf(pc + BCE_EPS) + (1.0f - y) * logf(qc + BCE_EPS));
    }
    tile[lid] = acc;
    grn_tree_sum(tile, lid, LOSS_GROUP);
    if (lid == 0) partial[GROUP_ID(0)] = tile[0];
}

/* dp = upstream[0] * dLoss/dp, dLoss/dp = (-y' / (p + eps) + (1 - y') / (1 - p + eps)) / n, zero where p was clipped
 * (outside [lo, hi]), as the gradient of tf.clip_by_value; it passes at the bounds themselves. The upstream gradient
 * (1 when the loss is the root of the backward pass) is read on the device, so a training step never waits on it. */
KERNEL void bce_backward(GLOBAL const float* RESTRICT p, GLOBAL const float* RESTRICT labels, GLOBAL const float* RESTRICT upstream,
                         GLOBAL float* RESTRICT dp, float smoothing, float lo, float hi, float inv_n, int n)
{
    float scale = upstream[0] * inv_n;
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        float v = p[i];
        if (v < lo || v > hi) {
            dp[i] = 0.0f;
        } else {
            float y = bce_smooth(labels[i], smoothing);
            dp[i] = (-y / (v + BCE_EPS) + (1.0f - y) / ((1.0f - v) + BCE_EPS)) * scale;
        }
    }
}
