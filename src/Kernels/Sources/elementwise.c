/* Element-wise sums and copies: residual adds, gradient accumulation, channel concatenation.
 * Grid-stride loops; no RESTRICT, so that the outputs may alias an input. */

KERNEL void add(GLOBAL const float* a, GLOBAL const float* b, GLOBAL float* y, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0))
        y[i] = a[i] + b[i];
}

/* acc += alpha * g: gradient accumulation (alpha 1) and scaled updates. */
KERNEL void axpy(GLOBAL float* acc, GLOBAL const float* g, float alpha, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0))
        acc[i] += alpha * g[i];
}

/* Copies `blocks` blocks of `block` contiguous floats: block b goes from src[b * src_stride + src_offset ...]
 * to dst[b * dst_stride + dst_offset ...]. Concatenation on the channel axis of NCHW tensors is one such copy
 * per input (a block is one sample's C_i * H * W values); its backward is the same copy the other way round. */
KERNEL void copy_blocks(GLOBAL const float* src, int src_stride, int src_offset,
                        GLOBAL float* dst, int dst_stride, int dst_offset, int block, int blocks)
{
    int n = block * blocks;
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int b = i / block;
        int r = i - b * block;
        dst[b * dst_stride + dst_offset + r] = src[b * src_stride + src_offset + r];
    }
}
