/* Device self-test kernels: a vector add and a tree reduction (the self-test's matrix product is gemm.c's).
 * Their host references live in GrnGpu.Engine.Ops.SelfTest; `grn devices --selftest` runs them.
 * Like every kernel file, it compiles with no defines (each define has a default), so CI can compile it alone. */

KERNEL void vector_add(GLOBAL const float* a, GLOBAL const float* b, GLOBAL float* c, int n)
{
    int i = GLOBAL_ID(0);
    if (i < n) c[i] = a[i] + b[i];
}

/* Each group folds a grid-strided slice into one partial sum with a tree in shared memory.
 * RS_GROUP (a power of two, from the device's limits) is the group size. Run it twice to get one value. */
#ifndef RS_GROUP
#define RS_GROUP 256
#endif

KERNEL void reduce_sum(GLOBAL const float* x, GLOBAL float* partial, int n)
{
    SHARED float tile[RS_GROUP];
    int lid = LOCAL_ID(0);
    float acc = 0.0f;
    for (int i = GROUP_ID(0) * RS_GROUP + lid; i < n; i += NUM_GROUPS(0) * RS_GROUP) acc += x[i];
    tile[lid] = acc;
    grn_tree_sum(tile, lid, RS_GROUP);
    if (lid == 0) partial[GROUP_ID(0)] = tile[0];
}
