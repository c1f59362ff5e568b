/* Device self-test kernels: a vector add, a tree reduction and a tiled matrix product.
 * Their host references live in GrnGpu.Engine.SelfTest; `grn devices --selftest` runs them.
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

/* C[M,N] = A[M,K] B[K,N], row-major. A group computes a 32x32 tile of C from 32x16 and 16x32 tiles of
 * A and B staged in shared memory; each of its 8x8 work-items keeps a 4x4 block of C in registers. */
#define MM_TM 32
#define MM_TN 32
#define MM_TK 16
#define MM_R 4
#define MM_THREADS ((MM_TM / MM_R) * (MM_TN / MM_R))

KERNEL void matmul_tiled(GLOBAL const float* A, GLOBAL const float* B, GLOBAL float* C, int M, int N, int K)
{
    SHARED float As[MM_TK][MM_TM];
    SHARED float Bs[MM_TK][MM_TN];
    int tx = LOCAL_ID(0), ty = LOCAL_ID(1);
    int tid = ty * (MM_TN / MM_R) + tx;
    int row0 = GROUP_ID(1) * MM_TM, col0 = GROUP_ID(0) * MM_TN;
    float acc[MM_R][MM_R];
    for (int i = 0; i < MM_R; ++i)
        for (int j = 0; j < MM_R; ++j) acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < K; k0 += MM_TK) {
        for (int e = tid; e < MM_TM * MM_TK; e += MM_THREADS) {
            int r = e / MM_TK, c = e % MM_TK;
            int gr = row0 + r, gc = k0 + c;
            As[c][r] = (gr < M && gc < K) ? A[gr * K + gc] : 0.0f;
        }
        for (int e = tid; e < MM_TK * MM_TN; e += MM_THREADS) {
            int r = e / MM_TN, c = e % MM_TN;
            int gr = k0 + r, gc = col0 + c;
            Bs[r][c] = (gr < K && gc < N) ? B[gr * N + gc] : 0.0f;
        }
        BARRIER();
        for (int kk = 0; kk < MM_TK; ++kk) {
            float a[MM_R], b[MM_R];
            for (int i = 0; i < MM_R; ++i) a[i] = As[kk][ty * MM_R + i];
            for (int j = 0; j < MM_R; ++j) b[j] = Bs[kk][tx * MM_R + j];
            for (int i = 0; i < MM_R; ++i)
                for (int j = 0; j < MM_R; ++j) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        BARRIER();
    }
    for (int i = 0; i < MM_R; ++i) {
        int r = row0 + ty * MM_R + i;
        if (r >= M) continue;
        for (int j = 0; j < MM_R; ++j) {
            int c = col0 + tx * MM_R + j;
            if (c < N) C[r * N + c] = acc[i][j];
        }
    }
}
