/* Row reductions of a row-major (rows x len) matrix: one work-group per row. Each work-item folds a strided
 * slice of the row, then the group adds the RED_GROUP partial sums with a tree in shared memory, so a row of
 * length L is summed with error about (L / RED_GROUP + log2 RED_GROUP) * 2^-24 * sum|terms|.
 * Uses: NCHW planes (rows = N*C, len = H*W) for global average pooling, broadcast and channel-scale backward;
 * and (C x P) tables of per-group partial sums from batch norm and the loss.
 * RED_GROUP (a power of two, at most the device's group size) is the group size the launcher uses. */
#ifndef RED_GROUP
#define RED_GROUP 256
#endif

/* out[r] = factor * sum_j x[r * len + j]. */
KERNEL void rows_sum(GLOBAL const float* x, GLOBAL float* out, int len, float factor)
{
    SHARED float tile[RED_GROUP];
    int lid = LOCAL_ID(0);
    GLOBAL const float* row = x + (long)GROUP_ID(0) * len;
    float acc = 0.0f;
    for (int j = lid; j < len; j += RED_GROUP) acc += row[j];
    tile[lid] = acc;
    grn_tree_sum(tile, lid, RED_GROUP);
    if (lid == 0) out[GROUP_ID(0)] = factor * tile[0];
}

/* out[r] = sum_j a[r * len + j] * b[r * len + j]. */
KERNEL void rows_dot(GLOBAL const float* a, GLOBAL const float* b, GLOBAL float* out, int len)
{
    SHARED float tile[RED_GROUP];
    int lid = LOCAL_ID(0);
    long start = (long)GROUP_ID(0) * len;
    float acc = 0.0f;
    for (int j = lid; j < len; j += RED_GROUP) acc += a[start + j] * b[start + j];
    tile[lid] = acc;
    grn_tree_sum(tile, lid, RED_GROUP);
    if (lid == 0) out[GROUP_ID(0)] = tile[0];
}
