/* Per-channel bias of NCHW-like tensors viewed as (outer, channels, inner): a convolution's output is
 * (batch, Cout, OH*OW), a dense layer's (batch, out, 1). */

/* y[o][c][p] += b[c]. Dimension 1 walks the (o, c) planes, dimension 0 the positions within one: one modulo
 * per plane, contiguous (coalesced) positions across work-items. A CPU launch gives dimension 0 a single
 * work-item, which then runs along a whole plane. */
KERNEL void add_channel_bias(GLOBAL float* y, GLOBAL const float* RESTRICT b, int channels, int inner, int planes)
{
    for (int plane = GLOBAL_ID(1); plane < planes; plane += NUM_GROUPS(1) * LOCAL_SIZE(1)) {
        float v = b[plane % channels];
        GLOBAL float* row = y + (long)plane * inner;
        for (int p = GLOBAL_ID(0); p < inner; p += NUM_GROUPS(0) * LOCAL_SIZE(0)) row[p] += v;
    }
}

/* db[c] = sum over o, p of dy[o][c][p]. One group per channel (grid-strided over channels): each work-item sums
 * a strided slice, then a tree in shared memory folds the group's partial sums, so rounding error grows with
 * log2(group) + slice length instead of the whole count. CS_GROUP (a power of two, at most the device's
 * group limit) is the group size. */
#ifndef CS_GROUP
#define CS_GROUP 256
#endif

KERNEL void channel_sum(GLOBAL const float* RESTRICT dy, GLOBAL float* RESTRICT db, int outer, int channels, int inner)
{
    SHARED float partial[CS_GROUP];
    int lid = LOCAL_ID(0), count = outer * inner;
    for (int c = GROUP_ID(0); c < channels; c += NUM_GROUPS(0)) {
        float acc = 0.0f;
        if (inner >= CS_GROUP) {   /* work-items stride the positions of each plane: contiguous reads */
            for (int o = 0; o < outer; ++o)
                for (int p = lid; p < inner; p += CS_GROUP) acc += dy[(o * channels + c) * inner + p];
        } else {                   /* small planes (dense: inner = 1): stride the flat (o, p) index instead */
            for (int e = lid; e < count; e += CS_GROUP) acc += dy[((e / inner) * channels + c) * inner + e % inner];
        }
        partial[lid] = acc;
        grn_tree_sum(partial, lid, CS_GROUP);
        if (lid == 0) db[c] = partial[0];
        BARRIER();   /* partial is reused by the next channel */
    }
}
