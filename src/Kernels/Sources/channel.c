/* Per-(n, c) plane maps of NCHW tensors, grid-stride over the n = N*C*H*W elements of the big tensor:
 * element i belongs to plane i / plane_size. Their reductions (the backward of broadcast, the (N, C)
 * gradient of channel scaling, global average pooling) are rows_sum / rows_dot in reduce.c. */

/* Squeeze-excitation: y[n,c,h,w] = x[n,c,h,w] * s[n,c]. Also its input gradient (x = dy). */
KERNEL void channel_scale(GLOBAL const float* x, GLOBAL const float* s, GLOBAL float* y, int plane_size, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0))
        y[i] = x[i] * s[i / plane_size];
}

/* y[n,c,h,w] = factor * s[n,c]: spatial broadcast (factor 1) and global average pooling's backward (1 / (H*W)). */
KERNEL void plane_broadcast(GLOBAL const float* s, GLOBAL float* y, int plane_size, float factor, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0))
        y[i] = factor * s[i / plane_size];
}
