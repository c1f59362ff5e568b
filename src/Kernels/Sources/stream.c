/* Streaming bandwidth probe for `grn profile`: dst = src over n floats, one float per work-item, so that a CPU
 * runtime vectorises across neighbouring work-items and a GPU coalesces. Bytes moved: 8 per float. */

KERNEL void stream_copy(GLOBAL const float* RESTRICT src, GLOBAL float* RESTRICT dst, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0))
        dst[i] = src[i];
}
