/* One fused Adam step over a flat buffer of n parameters (all of a model's parameters packed together), as
 * TensorFlow's ApplyAdam (the Keras optimizer):
 *   m = b1 * m + (1 - b1) * g;  v = b2 * v + (1 - b2) * g^2;  p -= lr_t * m / (sqrt(v) + eps),
 * with lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t) computed on the host in double. One pass reads p, g, m, v once
 * and writes p, m, v once. 1 - b1 and 1 - b2 also come from the host (exact there, then rounded once). */
KERNEL void adam_step(GLOBAL float* RESTRICT p, GLOBAL const float* RESTRICT g, GLOBAL float* RESTRICT m, GLOBAL float* RESTRICT v,
                      float b1, float one_minus_b1, float b2, float one_minus_b2, float lr_t, float eps, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        float gi = g[i];
        float mi = b1 * m[i] + one_minus_b1 * gi;
        float vi = b2 * v[i] + one_minus_b2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] -= lr_t * mi / (sqrtf(vi) + eps);
    }
}
