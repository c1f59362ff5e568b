/* General matrix product, row-major: C = alpha * op(A) * op(B) + beta * C, op(A) is M x K, op(B) is K x N.
 * GEMM_TA / GEMM_TB (0 or 1) say whether A is stored K x M / B is stored N x K; each combination is its own
 * compiled variant so that the loads are specialised. Every matrix is addressed as buffer + offset + b * stride
 * + row * ld + col, so one launch can run a batch (b in [0, batch)) of products. With sumBatch the batch is
 * instead summed into one C (C = alpha * sum_b op(A_b) op(B_b) + beta * C): the batch extends the inner
 * dimension, which is how a convolution's weight gradient sums over images without atomics.
 * beta == 0 never reads C, so C may hold garbage (NaN) as the BLAS convention says.
 *
 * Two implementations:
 *  - gemm_tiled (every target): up to 64x64 tiles of C per group of 16x16 work-items, A and B staged through
 *    shared memory 16 deep, up to 4x4 outputs per work-item in registers: the classic GPU shape, with split-K
 *    (gemm_splitk_reduce) for products whose output is too small to fill the GPU.
 *  - gemm_pack_a / gemm_pack_b + gemm_cpu_block (the last OpenCL only): for CPU OpenCL (PoCL), where a
 *    work-item is a loop iteration on one core and shared memory is ordinary cache. See the comments there.
 *  - gemm_cpu_conv / gemm_cpu_conv_wgrad (OpenCL only): convolutions on the CPU as implicit GEMMs over a padded
 *    input, with the same register blocks. */
#ifndef GEMM_TA
#define GEMM_TA 0
#endif
#ifndef GEMM_TB
#define GEMM_TB 0
#endif

/* Element (row, k) of op(A) and (k, col) of op(B), given the matrix's base pointer and leading dimension. */
#if GEMM_TA
#define GEMM_A_AT(a, ld, row, k) ((a)[(k) * (ld) + (row)])
#else
#define GEMM_A_AT(a, ld, row, k) ((a)[(row) * (ld) + (k)])
#endif
#if GEMM_TB
#define GEMM_B_AT(b, ld, k, col) ((b)[(col) * (ld) + (k)])
#else
#define GEMM_B_AT(b, ld, k, col) ((b)[(k) * (ld) + (col)])
#endif

/* ---------------------------------------------------------------------------------------------------------
 * Portable tiled kernel. A group of GT_THREADS x GT_THREADS work-items owns a (GT_THREADS * GT_PM) x
 * (GT_THREADS * GT_PN) tile of C; each work-item holds a GT_PM x GT_PN block in registers, strided by GT_THREADS
 * rows and columns so that neighbouring work-items store neighbouring columns (coalesced) and read neighbouring
 * shared-memory words (no bank conflicts). The launcher (GemmOp) picks GT_PM and GT_PN per problem (1, 2 or 4:
 * tiles of 16, 32 or 64) so that a layer with few rows or columns does not run half-empty tiles, and passes every
 * layout constant as a define from one place; the defaults here only let the file compile on its own.
 *
 * Split-K: the inner dimension (with sumBatch, the batch times K) is cut into `slices` ranges of GT_DEPTH-deep
 * chunks; grid z runs outputs x slices and slice s of output ob writes its partial product to
 * C + offC + (s * outputs + ob) * strideC. With slices > 1 the launcher points C at a workspace and
 * gemm_splitk_reduce sums the slices into the real C (alpha and beta applied there); with slices == 1 this kernel
 * writes C itself. That is how a weight gradient (a small M x N summed over a long batch) fills a GPU. */
#ifndef GT_THREADS
#define GT_THREADS 16
#endif
#ifndef GT_DEPTH
#define GT_DEPTH 16
#endif
#ifndef GT_PM
#define GT_PM 4
#endif
#ifndef GT_PN
#define GT_PN 4
#endif
#define GT_TILE_M (GT_THREADS * GT_PM)
#define GT_TILE_N (GT_THREADS * GT_PN)

KERNEL void gemm_tiled(
    GLOBAL const float* RESTRICT A, int offA, int lda, int strideA,
    GLOBAL const float* RESTRICT B, int offB, int ldb, int strideB,
    GLOBAL float* C, int offC, int ldc, int strideC,
    int M, int N, int K, float alpha, float beta, int batch, int sumBatch, int slices)
{
    /* +1 column of padding: the transposed-operand loads write down columns of these arrays. */
    SHARED float As[GT_DEPTH][GT_TILE_M + 1];
    SHARED float Bs[GT_DEPTH][GT_TILE_N + 1];
    int tx = LOCAL_ID(0), ty = LOCAL_ID(1);
    int tid = ty * GT_THREADS + tx;
    int col0 = GROUP_ID(0) * GT_TILE_N;
    int outputs = sumBatch ? 1 : batch;
    int rowTiles = (M + GT_TILE_M - 1) / GT_TILE_M;
    int kChunks = (K + GT_DEPTH - 1) / GT_DEPTH;
    int chunks = (sumBatch ? batch : 1) * kChunks;
    int perSlice = (chunks + slices - 1) / slices;

    /* Row tiles and (output, slice) pairs stride by the grid: CUDA caps the grid's y and z at 65535. */
    for (int rt = GROUP_ID(1); rt < rowTiles; rt += NUM_GROUPS(1))
    for (int z = GROUP_ID(2); z < outputs * slices; z += NUM_GROUPS(2)) {
        int row0 = rt * GT_TILE_M;
        int ob = z / slices, s = z - ob * slices;
        int cFirst = s * perSlice, cEnd = min(chunks, cFirst + perSlice);
        float acc[GT_PM][GT_PN];
        for (int i = 0; i < GT_PM; ++i)
            for (int j = 0; j < GT_PN; ++j) acc[i][j] = 0.0f;
        for (int ch = cFirst; ch < cEnd; ++ch) {
            int kc = ch % kChunks;
            int bb = sumBatch ? ch / kChunks : ob;
            int k0 = kc * GT_DEPTH;
            GLOBAL const float* a = A + offA + bb * strideA;
            GLOBAL const float* b = B + offB + bb * strideB;
            /* Load order follows the storage order so that consecutive work-items read consecutive addresses. */
            for (int e = tid; e < GT_TILE_M * GT_DEPTH; e += GT_THREADS * GT_THREADS) {
#if GEMM_TA
                int r = e % GT_TILE_M, c = e / GT_TILE_M;
#else
                int r = e / GT_DEPTH, c = e % GT_DEPTH;
#endif
                int gr = row0 + r, gk = k0 + c;
                As[c][r] = (gr < M && gk < K) ? GEMM_A_AT(a, lda, gr, gk) : 0.0f;
            }
            for (int e = tid; e < GT_TILE_N * GT_DEPTH; e += GT_THREADS * GT_THREADS) {
#if GEMM_TB
                int c = e / GT_DEPTH, r = e % GT_DEPTH;
#else
                int r = e / GT_TILE_N, c = e % GT_TILE_N;
#endif
                int gk = k0 + r, gc = col0 + c;
                Bs[r][c] = (gk < K && gc < N) ? GEMM_B_AT(b, ldb, gk, gc) : 0.0f;
            }
            BARRIER();
            for (int kk = 0; kk < GT_DEPTH; ++kk) {
                float av[GT_PM], bv[GT_PN];
                for (int i = 0; i < GT_PM; ++i) av[i] = As[kk][ty + i * GT_THREADS];
                for (int j = 0; j < GT_PN; ++j) bv[j] = Bs[kk][tx + j * GT_THREADS];
                for (int i = 0; i < GT_PM; ++i)
                    for (int j = 0; j < GT_PN; ++j) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
            }
            BARRIER();
        }
        GLOBAL float* c = C + offC + (s * outputs + ob) * strideC;
        for (int i = 0; i < GT_PM; ++i) {
            int r = row0 + ty + i * GT_THREADS;
            if (r >= M) continue;
            for (int j = 0; j < GT_PN; ++j) {
                int col = col0 + tx + j * GT_THREADS;
                if (col >= N) continue;
                float v = alpha * acc[i][j];
                c[r * ldc + col] = beta == 0.0f ? v : fmaf(beta, c[r * ldc + col], v);
            }
        }
    }
}

/* Sums the slices of a split-K product: work[s * sliceStride + ob * M * N + r * N + col] for s < slices, into
 * C[offC + ob * strideC + r * ldc + col] = alpha * sum + beta * C (beta == 0 never reads C). One work-item per
 * element of C, grid-strided; the slices are added in order, so the result does not depend on the grid. */
KERNEL void gemm_splitk_reduce(GLOBAL const float* RESTRICT work, int slices, int sliceStride,
                               GLOBAL float* C, int offC, int ldc, int strideC,
                               int M, int N, int outputs, float alpha, float beta)
{
    int total = outputs * M * N;
    for (int i = GLOBAL_ID(0); i < total; i += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        float sum = 0.0f;
        for (int s = 0; s < slices; ++s) sum += work[s * sliceStride + i];
        int ob = i / (M * N), rc = i - ob * (M * N);
        int r = rc / N, col = rc - r * N;
        GLOBAL float* c = C + offC + ob * strideC + r * ldc + col;
        float v = alpha * sum;
        *c = beta == 0.0f ? v : fmaf(beta, *c, v);
    }
}

/* ---------------------------------------------------------------------------------------------------------
 * Large-tile kernel for big products on GPUs: 128 x 128 tiles of C per group of 16 x 16 work-items, 8 x 8 outputs
 * per work-item, GL_DEPTH (8) deep slabs of A and B in shared memory, double-buffered: while the group computes on
 * one buffer, each work-item's loads of the next slab are in flight in registers, and land in the other buffer
 * before the one barrier per slab. A work-item's outputs are rows {4 ty .. 4 ty + 3, 64 + 4 ty .. 64 + 4 ty + 3}
 * and the same columns in tx, so each k step reads its 8 + 8 operands as four float4 shared loads (LOAD4) for 64
 * FMAs. Rows of the shared arrays are padded by 4 floats: the k-contiguous (untransposed A, transposed B) loads then
 * store without bank conflicts, and the rows stay 16-byte aligned for LOAD4. 2 x 2 x 8 x 132 floats = 16.5 KiB.
 * Same parameters, batch, summed-batch and split-K semantics as gemm_tiled (chunks here are GL_DEPTH deep).
 * Global loads are scalar and bounds-checked, so any offset, leading dimension and edge is valid. */
#ifndef GL_DEPTH
#define GL_DEPTH 8
#endif
#define GL_TILE 128
#define GL_ROW (GL_TILE + 4)
#define GL_LOADS (GL_TILE * GL_DEPTH / 256)   /* elements of each operand a work-item stages per slab */

/* Stages slab `ch` (batch entry and depth from the chunk index) of A and B into registers. */
#define GL_FETCH(ch) { \
        int kc_ = (ch) % kChunks, bb_ = sumBatch ? (ch) / kChunks : ob, k0_ = kc_ * GL_DEPTH; \
        GLOBAL const float* a_ = A + offA + bb_ * strideA; \
        GLOBAL const float* b_ = B + offB + bb_ * strideB; \
        for (int l = 0; l < GL_LOADS; ++l) { \
            int e = tid + l * 256; \
            int ar = GEMM_TA ? e % GL_TILE : e / GL_DEPTH, ac = GEMM_TA ? e / GL_TILE : e % GL_DEPTH; \
            int gr = row0 + ar, gk = k0_ + ac; \
            ra[l] = (gr < M && gk < K) ? GEMM_A_AT(a_, lda, gr, gk) : 0.0f; \
            int bc = GEMM_TB ? e / GL_DEPTH : e % GL_TILE, br = GEMM_TB ? e % GL_DEPTH : e / GL_TILE; \
            int gk2 = k0_ + br, gc = col0 + bc; \
            rb[l] = (gk2 < K && gc < N) ? GEMM_B_AT(b_, ldb, gk2, gc) : 0.0f; \
        } }

/* Writes the staged slab into shared buffer `buf` (element e goes where GL_FETCH read it from). */
#define GL_STORE(buf) { \
        for (int l = 0; l < GL_LOADS; ++l) { \
            int e = tid + l * 256; \
            int ar = GEMM_TA ? e % GL_TILE : e / GL_DEPTH, ac = GEMM_TA ? e / GL_TILE : e % GL_DEPTH; \
            As[buf][ac][ar] = ra[l]; \
            int bc = GEMM_TB ? e / GL_DEPTH : e % GL_TILE, br = GEMM_TB ? e % GL_DEPTH : e / GL_TILE; \
            Bs[buf][br][bc] = rb[l]; \
        } }

/* Two groups an SM: at most 128 registers a work-item (64 accumulators, 16 operands, 8 staged loads, addressing). */
KERNEL_BOUNDED(256, 2) void gemm_large(
    GLOBAL const float* RESTRICT A, int offA, int lda, int strideA,
    GLOBAL const float* RESTRICT B, int offB, int ldb, int strideB,
    GLOBAL float* C, int offC, int ldc, int strideC,
    int M, int N, int K, float alpha, float beta, int batch, int sumBatch, int slices)
{
    SHARED_ALIGNED16 float As[2][GL_DEPTH][GL_ROW];
    SHARED_ALIGNED16 float Bs[2][GL_DEPTH][GL_ROW];
    int tx = LOCAL_ID(0), ty = LOCAL_ID(1);
    int tid = ty * 16 + tx;
    int col0 = GROUP_ID(0) * GL_TILE;
    int outputs = sumBatch ? 1 : batch;
    int rowTiles = (M + GL_TILE - 1) / GL_TILE;
    int kChunks = (K + GL_DEPTH - 1) / GL_DEPTH;
    int chunks = (sumBatch ? batch : 1) * kChunks;
    int perSlice = (chunks + slices - 1) / slices;

    for (int rt = GROUP_ID(1); rt < rowTiles; rt += NUM_GROUPS(1))
    for (int z = GROUP_ID(2); z < outputs * slices; z += NUM_GROUPS(2)) {
        int row0 = rt * GL_TILE;
        int ob = z / slices, s = z - ob * slices;
        int cFirst = s * perSlice, cEnd = min(chunks, cFirst + perSlice);
        float acc[8][8];
        for (int i = 0; i < 8; ++i)
            for (int j = 0; j < 8; ++j) acc[i][j] = 0.0f;
        float ra[GL_LOADS], rb[GL_LOADS];
        if (cFirst < cEnd) {
            GL_FETCH(cFirst)
            GL_STORE(0)
        }
        BARRIER();
        int buf = 0;
        for (int ch = cFirst; ch < cEnd; ++ch) {
            int more = ch + 1 < cEnd;
            if (more) GL_FETCH(ch + 1)
            for (int kk = 0; kk < GL_DEPTH; ++kk) {
                float4 a0 = LOAD4(&As[buf][kk][4 * ty]), a1 = LOAD4(&As[buf][kk][64 + 4 * ty]);
                float4 b0 = LOAD4(&Bs[buf][kk][4 * tx]), b1 = LOAD4(&Bs[buf][kk][64 + 4 * tx]);
                float av[8] = { a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w };
                float bv[8] = { b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w };
                for (int i = 0; i < 8; ++i)
                    for (int j = 0; j < 8; ++j) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
            }
            if (more) GL_STORE(buf ^ 1)
            BARRIER();
            buf ^= 1;
        }
        GLOBAL float* c = C + offC + (s * outputs + ob) * strideC;
        for (int i = 0; i < 8; ++i) {
            int r = row0 + (i < 4 ? 4 * ty + i : 64 + 4 * ty + i - 4);
            if (r >= M) continue;
            for (int j = 0; j < 8; ++j) {
                int col = col0 + (j < 4 ? 4 * tx + j : 64 + 4 * tx + j - 4);
                if (col >= N) continue;
                float v = alpha * acc[i][j];
                c[r * ldc + col] = beta == 0.0f ? v : fmaf(beta, c[r * ldc + col], v);
            }
        }
    }
}

/* ---------------------------------------------------------------------------------------------------------
 * TF32 tensor-core kernel (CUDA sm_80+: mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 through inline PTX).
 * A group of 128 work-items (4 warps, 2 x 2) owns a 64 x 64 tile of C; each warp a 32 x 32 quarter as 2 x 4 mma
 * tiles of 16 x 8, 32 accumulators a lane. A and B are staged through shared memory TF_DEPTH (16) deep, already
 * rounded to TF32 (cvt.rna: to nearest, ties away from zero, 10 explicit mantissa bits), k-major with rows padded
 * to 72 floats so that the fragment loads (lanes g = lane / 4 along M or N, t = lane % 4 along k) hit 32 distinct
 * banks. Fragment layouts (PTX ISA, mma.m16n8k8 .tf32): A a0 (g, t), a1 (g + 8, t), a2 (g, t + 4), a3 (g + 8, t + 4);
 * B b0 (k t, n g), b1 (k t + 4, n g); C c0 (g, 2t), c1 (g, 2t + 1), c2 (g + 8, 2t), c3 (g + 8, 2t + 1).
 * Where the instruction does not exist (OpenCL, CUDA below sm_80) tf_mma emulates it through shared memory with the
 * same fragments and the same TF32 rounding, so PoCL proves the indexing and the numerics of this very code; only
 * the instruction itself is left to a GPU. Same parameters, batch and split-K semantics as gemm_tiled. */
#define TF_DEPTH 16
#define TF_TILE 64
#define TF_ROW 72

/* Rounds to TF32 as cvt.rna.tf32.f32 does: add half a unit of the 13 dropped bits to the magnitude, then drop them. */
DEVICE_FN float tf_round(float x)
{
#if defined(GRN_CUDA) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    unsigned int u;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(u) : "f"(x));
    return UINT_AS_FLOAT(u);
#else
    return UINT_AS_FLOAT((FLOAT_AS_UINT(x) + 0x1000u) & 0xFFFFE000u);
#endif
}

#if !(defined(GRN_CUDA) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800)
/* The emulated warp product: every lane puts its fragments where the layout says, then computes its four C elements.
 * Called by all work-items of the group together (it holds barriers); scratch is per warp. */
DEVICE_FN void tf_mma(float* c, const float* a, const float* b, SHARED_PTR float* xa, SHARED_PTR float* xb, int lane)
{
    int g = lane >> 2, t = lane & 3;
    BARRIER();
    xa[g * 8 + t] = a[0]; xa[(g + 8) * 8 + t] = a[1]; xa[g * 8 + t + 4] = a[2]; xa[(g + 8) * 8 + t + 4] = a[3];
    xb[t * 8 + g] = b[0]; xb[(t + 4) * 8 + g] = b[1];
    BARRIER();
    for (int i = 0; i < 4; ++i) {
        int row = g + (i >> 1) * 8, col = 2 * t + (i & 1);
        float sum = c[i];
        for (int k = 0; k < 8; ++k) sum = fmaf(xa[row * 8 + k], xb[k * 8 + col], sum);
        c[i] = sum;
    }
}
#endif

KERNEL void gemm_tf32(
    GLOBAL const float* RESTRICT A, int offA, int lda, int strideA,
    GLOBAL const float* RESTRICT B, int offB, int ldb, int strideB,
    GLOBAL float* C, int offC, int ldc, int strideC,
    int M, int N, int K, float alpha, float beta, int batch, int sumBatch, int slices)
{
    SHARED float As[TF_DEPTH][TF_ROW];
    SHARED float Bs[TF_DEPTH][TF_ROW];
#if !(defined(GRN_CUDA) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800)
    SHARED float Xa[4][16 * 8];
    SHARED float Xb[4][8 * 8];
#endif
    int tid = LOCAL_ID(0);
    int lane = tid & 31, warp = tid >> 5;
    int g = lane >> 2, t = lane & 3;
    int wm = (warp >> 1) * 32, wn = (warp & 1) * 32;   /* the warp's quarter of the tile */
    int col0 = GROUP_ID(0) * TF_TILE;
    int outputs = sumBatch ? 1 : batch;
    int rowTiles = (M + TF_TILE - 1) / TF_TILE;
    int kChunks = (K + TF_DEPTH - 1) / TF_DEPTH;
    int chunks = (sumBatch ? batch : 1) * kChunks;
    int perSlice = (chunks + slices - 1) / slices;

    for (int rt = GROUP_ID(1); rt < rowTiles; rt += NUM_GROUPS(1))
    for (int z = GROUP_ID(2); z < outputs * slices; z += NUM_GROUPS(2)) {
        int row0 = rt * TF_TILE;
        int ob = z / slices, s = z - ob * slices;
        int cFirst = s * perSlice, cEnd = min(chunks, cFirst + perSlice);
        float acc[2][4][4];
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 4; ++j)
                for (int e = 0; e < 4; ++e) acc[i][j][e] = 0.0f;
        for (int ch = cFirst; ch < cEnd; ++ch) {
            int kc = ch % kChunks, bb = sumBatch ? ch / kChunks : ob, k0 = kc * TF_DEPTH;
            GLOBAL const float* a = A + offA + bb * strideA;
            GLOBAL const float* b = B + offB + bb * strideB;
            for (int e = tid; e < TF_TILE * TF_DEPTH; e += 128) {
#if GEMM_TA
                int r = e % TF_TILE, c = e / TF_TILE;
#else
                int r = e / TF_DEPTH, c = e % TF_DEPTH;
#endif
                int gr = row0 + r, gk = k0 + c;
                As[c][r] = tf_round((gr < M && gk < K) ? GEMM_A_AT(a, lda, gr, gk) : 0.0f);
            }
            for (int e = tid; e < TF_TILE * TF_DEPTH; e += 128) {
#if GEMM_TB
                int c = e / TF_DEPTH, r = e % TF_DEPTH;
#else
                int r = e / TF_TILE, c = e % TF_TILE;
#endif
                int gk = k0 + r, gc = col0 + c;
                Bs[r][c] = tf_round((gk < K && gc < N) ? GEMM_B_AT(b, ldb, gk, gc) : 0.0f);
            }
            BARRIER();
            for (int kk = 0; kk < TF_DEPTH; kk += 8) {
                float af[2][4], bf[4][2];
                for (int i = 0; i < 2; ++i) {
                    int m = wm + i * 16 + g;
                    af[i][0] = As[kk + t][m];
                    af[i][1] = As[kk + t][m + 8];
                    af[i][2] = As[kk + t + 4][m];
                    af[i][3] = As[kk + t + 4][m + 8];
                }
                for (int j = 0; j < 4; ++j) {
                    int n = wn + j * 8 + g;
                    bf[j][0] = Bs[kk + t][n];
                    bf[j][1] = Bs[kk + t + 4][n];
                }
                for (int i = 0; i < 2; ++i)
                    for (int j = 0; j < 4; ++j) {
#if defined(GRN_CUDA) && defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
                        asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
                                     "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};"
                                     : "+f"(acc[i][j][0]), "+f"(acc[i][j][1]), "+f"(acc[i][j][2]), "+f"(acc[i][j][3])
                                     : "r"(FLOAT_AS_UINT(af[i][0])), "r"(FLOAT_AS_UINT(af[i][1])),
                                       "r"(FLOAT_AS_UINT(af[i][2])), "r"(FLOAT_AS_UINT(af[i][3])),
                                       "r"(FLOAT_AS_UINT(bf[j][0])), "r"(FLOAT_AS_UINT(bf[j][1])));
#else
                        tf_mma(acc[i][j], af[i], bf[j], Xa[warp], Xb[warp], lane);
#endif
                    }
            }
            BARRIER();
        }
        GLOBAL float* c = C + offC + (s * outputs + ob) * strideC;
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 4; ++j)
                for (int e = 0; e < 4; ++e) {
                    int r = row0 + wm + i * 16 + g + (e >> 1) * 8;
                    int col = col0 + wn + j * 8 + 2 * t + (e & 1);
                    if (r >= M || col >= N) continue;
                    float v = alpha * acc[i][j][e];
                    c[r * ldc + col] = beta == 0.0f ? v : fmaf(beta, c[r * ldc + col], v);
                }
    }
}

/* ---------------------------------------------------------------------------------------------------------
 * CPU path. The inner kernel computes a GEMM_MR x 32 block of C (two 16-column panels) with twelve 16-float
 * accumulators: on AVX-512 (32 zmm registers) that leaves room for the two 16-float B rows and the broadcast A
 * value, and each k step is 12 independent FMAs, enough to cover the FMA latency on two pipes. Measured on the
 * 2-core AVX-512 machine at 960^3 (kernel alone): this shape 463 GFLOP/s, the earlier 6 x 16 block of 8-float
 * accumulators 199 (PoCL lowers float16 to zmm registers; float8 halves the width); on AVX2 a float16 is two ymm
 * registers, so the same code is a 6 x 32 block of 24 ymm accumulators and spills some (acceptable there).
 * The inner kernel reads A and B from packed copies, so that it walks memory contiguously whatever the
 * transposes and edges were:
 *   packed A: per matrix, panels of GEMM_MR rows; panel p holds op(A)[p*MR + r][k] at [p][k][r] (zero rows past M)
 *   packed B: per matrix, panels of GEMM_NR columns; panel q holds op(B)[k][q*NR + c] at [q][k][c] (zero past N)
 * With sumBatch the batch is packed one after another along k (depth batch*K, one matrix); otherwise each
 * batch entry is its own matrix of depth K. The pack kernels are plain C (they compile for CUDA as well). */
/* Fixed, not tunable: gemm_cpu_block's twelve accumulators are written out for exactly this shape, and the
 * packed layouts are shared with conv2d.c's packed im2col and GemmOp. */
#define GEMM_MR 6
#define GEMM_NR 16

/* The accumulators' vector width in floats: 16 where the device's registers hold 16 floats (AVX-512), 8 otherwise
 * (AVX2, where a float16 is two registers and the blocks would spill; GemmOp passes it from the device's preferred
 * vector width). A block's columns are GEMM_VW-wide vectors of the 16-column panels: vector j of a block whose first
 * column starts a panel lies GEMM_VEC_OFF(j, depth) floats into the packed B. */
#ifndef GEMM_VW
#define GEMM_VW 16
#endif
#if GEMM_VW == 16
#define GVEC float16
#define GVLOAD(p) vload16(0, p)
#define GVSTORE(v, p) vstore16(v, 0, p)
#elif GEMM_VW == 8
#define GVEC float8
#define GVLOAD(p) vload8(0, p)
#define GVSTORE(v, p) vstore8(v, 0, p)
#else
#error "GEMM_VW must be 8 or 16"
#endif
#define GEMM_VEC_OFF(j, depth) ((long)((j) * GEMM_VW / GEMM_NR) * GEMM_NR * (depth) + (j) * GEMM_VW % GEMM_NR)

/* The block's rows, written out. (Twelve rows, 24 zmm accumulators, measured slower for gemm_cpu_conv: spills.) */
#define GEMM_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)
#define GEMM_DECLARE(r) GVEC c##r##0 = 0.0f, c##r##1 = 0.0f;

/* Packs op(A) of `mats` batch entries, Mp = M rounded up to MR. One work-item per (entry, panel) walks the
 * whole depth: index decoding (integer divisions, costly on a CPU) happens once per panel, and each k step
 * writes MR contiguous floats. These kernels serve the CPU path only, where a long loop per work-item is right. */
KERNEL void gemm_pack_a(GLOBAL const float* RESTRICT A, int offA, int lda, int strideA,
                        GLOBAL float* RESTRICT packed, int M, int K, int mats, int sumBatch)
{
    int panels = (M + GEMM_MR - 1) / GEMM_MR;
    int depth = sumBatch ? mats * K : K;
    for (int e = GLOBAL_ID(0); e < mats * panels; e += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int p = e % panels, b = e / panels;
        GLOBAL const float* a = A + offA + b * strideA;
        int mat = sumBatch ? 0 : b, rows = min(GEMM_MR, M - p * GEMM_MR);
        GLOBAL float* dst = packed + (long)(mat * panels + p) * GEMM_MR * depth + (sumBatch ? b * K : 0) * GEMM_MR;
        for (int k = 0; k < K; ++k, dst += GEMM_MR)
            for (int r = 0; r < GEMM_MR; ++r) dst[r] = r < rows ? GEMM_A_AT(a, lda, p * GEMM_MR + r, k) : 0.0f;
    }
}

/* Packs op(B) of `mats` batch entries into panels of NR columns, Np = N rounded up to NR; one work-item per
 * (entry, panel) as for A. */
KERNEL void gemm_pack_b(GLOBAL const float* RESTRICT B, int offB, int ldb, int strideB,
                        GLOBAL float* RESTRICT packed, int N, int K, int mats, int sumBatch)
{
    int panels = (N + GEMM_NR - 1) / GEMM_NR;
    int depth = sumBatch ? mats * K : K;
    for (int e = GLOBAL_ID(0); e < mats * panels; e += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        int q = e % panels, b = e / panels;
        GLOBAL const float* bm = B + offB + b * strideB;
        int mat = sumBatch ? 0 : b, cols = min(GEMM_NR, N - q * GEMM_NR);
        GLOBAL float* dst = packed + (long)(mat * panels + q) * GEMM_NR * depth + (sumBatch ? b * K : 0) * GEMM_NR;
        for (int k = 0; k < K; ++k, dst += GEMM_NR)
            for (int c = 0; c < GEMM_NR; ++c) dst[c] = c < cols ? GEMM_B_AT(bm, ldb, k, q * GEMM_NR + c) : 0.0f;
    }
}

#ifdef GRN_OPENCL
/* Depth of one cache block: the two 16-column B slices of GEMM_KC rows are 32 KiB and stay in L1 (48 KiB here)
 * while the work-item runs every A panel of its row group against them; the row group's A slice stays in L2. */
#ifndef GEMM_KC
#define GEMM_KC 256
#endif

/* Writes one vector of a finished block's row: the first (kc == 0) cache block applies beta, later ones add. */
DEVICE_FN void gemm_cpu_storev(GLOBAL float* c, GVEC v, int cols, float alpha, float beta, int first)
{
    v *= alpha;
    if (cols >= GEMM_VW) {
        GVEC old = (first && beta == 0.0f) ? (GVEC)(0.0f) : GVLOAD(c);
        GVSTORE(first ? (beta == 0.0f ? v : fma((GVEC)(beta), old, v)) : old + v, c);
        return;
    }
    float t[GEMM_VW];
    GVSTORE(v, t);
    for (int j = 0; j < cols; ++j)
        c[j] = first ? (beta == 0.0f ? t[j] : fma(beta, c[j], t[j])) : c[j] + t[j];
}

/* The register blocks' inner loops over n depth steps, with two or four vectors of B (bp0.. advancing 16 floats a
 * step: each is a row of its 16-column panel), or one: `pre` runs first in each step (an implicit GEMM reads its
 * input offset there), STEP(r) feeds row r, `post` ends the step (the packed GEMM advances its A panel there). */
#define GEMM_LOOP4(n, pre, STEP, post) for (int k = 0; k < (n); ++k) { \
            pre GVEC b0 = GVLOAD(bp0), b1 = GVLOAD(bp1), b2 = GVLOAD(bp2), b3 = GVLOAD(bp3); \
            GEMM_ROWS(STEP) \
            bp0 += GEMM_NR; bp1 += GEMM_NR; bp2 += GEMM_NR; bp3 += GEMM_NR; post }
#define GEMM_LOOP2(n, pre, STEP, post) for (int k = 0; k < (n); ++k) { \
            pre GVEC b0 = GVLOAD(bp0), b1 = GVLOAD(bp1); \
            GEMM_ROWS(STEP) \
            bp0 += GEMM_NR; bp1 += GEMM_NR; post }
#define GEMM_LOOP1(n, pre, STEP, post) for (int k = 0; k < (n); ++k) { \
            pre GVEC b0 = GVLOAD(bp0); \
            GEMM_ROWS(STEP) \
            bp0 += GEMM_NR; post }

/* One depth step of row r: its A value (GEMM_A(r), which each kernel defines: a packed A panel's element, or the
 * implicit GEMMs' scalar load from the padded input) broadcast against the step's B vectors. */
#define GEMM_STEP2(r) { GVEC a = (GVEC)(GEMM_A(r)); c##r##0 = fma(a, b0, c##r##0); c##r##1 = fma(a, b1, c##r##1); }
#define GEMM_STEP1(r) { c##r##0 = fma((GVEC)(GEMM_A(r)), b0, c##r##0); }
#define GEMM_STEP4(r) { GVEC a = (GVEC)(GEMM_A(r)); c##r##0 = fma(a, b0, c##r##0); c##r##1 = fma(a, b1, c##r##1); \
                        c##r##2 = fma(a, b2, c##r##2); c##r##3 = fma(a, b3, c##r##3); }
#define GEMM_ROW_STORE(r) if (row0 + r < M) { \
        GLOBAL float* cr = c + (row0 + r) * ldc + col0; \
        gemm_cpu_storev(cr, c##r##0, cols, alpha, beta, first); \
        if (cols > GEMM_VW) gemm_cpu_storev(cr + GEMM_VW, c##r##1, cols - GEMM_VW, alpha, beta, first); }

/* Stages row r (position s0 + r of the group) of a gemm_cpu_conv block, channel-major: 32 or 64 channels. */
#define GEMM_STAGEV(v, j, r) GVSTORE(v, &stage[s0 + (r)][(j) * GEMM_VW]);
#define GEMM_CONV_STAGE4(r) { GEMM_STAGEV(c##r##0, 0, r) GEMM_STAGEV(c##r##1, 1, r) GEMM_STAGEV(c##r##2, 2, r) GEMM_STAGEV(c##r##3, 3, r) }
#define GEMM_CONV_STAGE(r) { GEMM_STAGEV(c##r##0, 0, r) GEMM_STAGEV(c##r##1, 1, r) }

/* One work-item: the column panel pair GROUP_ID(0) (panels 2q and 2q + 1; the last pair of an odd count has one)
 * x row group GROUP_ID(1) (panelsPerGroup panels of MR rows each) of output matrix GROUP_ID(2), over the whole
 * depth in cache blocks of GEMM_KC. Work-groups have one work-item: the explicit vector code is already
 * vectorised, and PoCL schedules groups dynamically over the cores.
 * sharedA: the packed A is one matrix used by every output (a shared weight). */
#define GEMM_A(r) ap[r]
KERNEL void gemm_cpu_block(GLOBAL const float* RESTRICT Ap, GLOBAL const float* RESTRICT Bp, int offB,
                           GLOBAL float* C, int offC, int ldc, int strideC,
                           int M, int N, int depth, int panelsPerGroup, int sharedA, float alpha, float beta)
{
    int Mp = (M + GEMM_MR - 1) / GEMM_MR * GEMM_MR, Np = (N + GEMM_NR - 1) / GEMM_NR * GEMM_NR;
    int mat = GROUP_ID(2);
    int col0 = GROUP_ID(0) * 2 * GEMM_VW, cols = min(2 * GEMM_VW, N - col0);
    int pFirst = GROUP_ID(1) * panelsPerGroup, pEnd = min(pFirst + panelsPerGroup, Mp / GEMM_MR);
    GLOBAL const float* aMat = Ap + (sharedA ? 0 : mat * Mp * depth);
    GLOBAL const float* bPanel0 = Bp + offB + (mat * Np + col0) * depth;
    GLOBAL const float* bPanel1 = bPanel0 + GEMM_VEC_OFF(1, depth);
    GLOBAL float* c = C + offC + mat * strideC;
    for (int k0 = 0; k0 < depth; k0 += GEMM_KC) {
        int kn = min(GEMM_KC, depth - k0), first = k0 == 0;
        for (int p = pFirst; p < pEnd; ++p) {
            int row0 = p * GEMM_MR;
            GLOBAL const float* ap = aMat + row0 * depth + k0 * GEMM_MR;
            GLOBAL const float* bp0 = bPanel0 + k0 * GEMM_NR;
            GLOBAL const float* bp1 = bPanel1 + k0 * GEMM_NR;
            GEMM_ROWS(GEMM_DECLARE)
            if (cols > GEMM_VW) GEMM_LOOP2(kn, , GEMM_STEP2, ap += GEMM_MR;)
            else GEMM_LOOP1(kn, , GEMM_STEP1, ap += GEMM_MR;)   /* the block's last vector alone: half the accumulators */
            GEMM_ROWS(GEMM_ROW_STORE)
        }
    }
}

/* Convolution on the CPU as an implicit GEMM, transposed so that the unrolled input is the broadcast side:
 * C^T (positions x N) = col^T (positions x K) times W^T (K x N), for each image. N = output channels, K = Cin*KH*KW
 * window rows, col^T[p][(c, i, j)] = the zero-padded input (HP x WP per channel) at c * HP * WP + (oy * sh + i * dh)
 * * WP + ox * sw + j * dw for output position p = (oy, ox): six positions' values are six scalar loads per k, which
 * the broadcast needs anyway, so the input is read where it lies, at any stride and width (im2col wrote and re-read
 * nine times the input through memory), and B = W^T is packed once per call (gemm_pack_b) into contiguous 16-channel
 * panels. One work-item: a pair of channel panels x a group of 6-position panels x an image; each position panel
 * runs the whole depth in registers (B's two panels, 32 x K floats, stay in L2) and is staged, then the group goes
 * out transposed with the bias (hasBias) added, into C or (accumulate) onto it.
 * Used for the forward pass and, on the flipped weights, for the data gradient of a stride-1 convolution. */
#ifndef CONV_KMAX
#define CONV_KMAX 4096
#endif
#ifndef CONV_PANELS
#define CONV_PANELS 16
#endif
/* Channel panels per work-item: 2 (32 channels, 12 accumulators), or 4 (64 channels, 24 accumulators: per k six
 * broadcasts and four B loads feed 24 FMAs instead of 12; the launcher picks it when N is a multiple of 64). */
#ifndef CONV_NP
#define CONV_NP 2
#endif
#define GEMM_DECLARE4(r) GVEC c##r##0 = 0.0f, c##r##1 = 0.0f, c##r##2 = 0.0f, c##r##3 = 0.0f;
#define GEMM_ROW_STORE4(r) if (row0 + r < M) { \
        GLOBAL float* cr = c + (row0 + r) * ldc + col0; \
        gemm_cpu_storev(cr, c##r##0, GEMM_VW, alpha, beta, first); \
        gemm_cpu_storev(cr + GEMM_VW, c##r##1, GEMM_VW, alpha, beta, first); \
        gemm_cpu_storev(cr + 2 * GEMM_VW, c##r##2, GEMM_VW, alpha, beta, first); \
        gemm_cpu_storev(cr + 3 * GEMM_VW, c##r##3, GEMM_VW, alpha, beta, first); }
#undef GEMM_A
#define GEMM_A(r) xr[r][o]   /* the implicit GEMMs: row r's input at this step's offset */
KERNEL void gemm_cpu_conv(GLOBAL const float* RESTRICT Bp, GLOBAL const float* RESTRICT xp, int xStride,
                          GLOBAL float* RESTRICT C, int offC, int cStride, int N, int K, int OH, int OW,
                          int HP, int WP, int KH, int KW, int sh, int sw, int dh, int dw,
                          GLOBAL const float* RESTRICT bias, int hasBias, int accumulate)
{
    int plane = OH * OW, panels = (plane + GEMM_MR - 1) / GEMM_MR, img = GROUP_ID(2);
    int col0 = GROUP_ID(0) * CONV_NP * GEMM_VW, cols = min(CONV_NP * GEMM_VW, N - col0);
    int pFirst = GROUP_ID(1) * CONV_PANELS, pEnd = min(pFirst + CONV_PANELS, panels);
    GLOBAL const float* x = xp + (long)img * xStride;
    GLOBAL const float* bPanel0 = Bp + (long)col0 * K;
    GLOBAL const float* bPanel1 = bPanel0 + GEMM_VEC_OFF(1, K);
#if CONV_NP == 4
    GLOBAL const float* bPanel2 = bPanel0 + GEMM_VEC_OFF(2, K);
    GLOBAL const float* bPanel3 = bPanel0 + GEMM_VEC_OFF(3, K);
#endif
    int tap[CONV_KMAX];
    for (int k = 0, c = 0; k < K; ++c)   /* row k = (c, i, j): counters, no division per row */
        for (int i = 0; i < KH; ++i)
            for (int j = 0; j < KW; ++j) tap[k++] = (c * HP + i * dh) * WP + j * dw;
    /* The group's outputs, channel-major: C's channel rows are a whole plane apart (16 KB for 64 x 64), so storing
     * each panel's 6 x 32 values straight into C put 32 lines into one L1 set; staged here, each channel's run of the
     * group's positions goes out contiguously at the end. */
    float stage[CONV_PANELS * GEMM_MR][CONV_NP * GEMM_VW];
    for (int p = pFirst; p < pEnd; ++p) {
        int p0 = p * GEMM_MR, s0 = p0 - pFirst * GEMM_MR;
        /* The panel's six positions (one past the plane repeats the last position; it is never stored). */
        GLOBAL const float* xr[GEMM_MR];
        for (int r = 0; r < GEMM_MR; ++r) {
            int q = min(p0 + r, plane - 1);
            xr[r] = x + q / OW * sh * WP + q % OW * sw;
        }
        GLOBAL const float* bp0 = bPanel0;
        GLOBAL const float* bp1 = bPanel1;
#if CONV_NP == 4
        /* The launcher gives this variant whole 64-channel blocks only. */
        GLOBAL const float* bp2 = bPanel2;
        GLOBAL const float* bp3 = bPanel3;
        GEMM_ROWS(GEMM_DECLARE4)
        GEMM_LOOP4(K, int o = tap[k];, GEMM_STEP4, )
        GEMM_ROWS(GEMM_CONV_STAGE4)
#else
        GEMM_ROWS(GEMM_DECLARE)
        if (cols > GEMM_VW) GEMM_LOOP2(K, int o = tap[k];, GEMM_STEP2, )
        else GEMM_LOOP1(K, int o = tap[k];, GEMM_STEP1, )
        GEMM_ROWS(GEMM_CONV_STAGE)
#endif
    }
    int run = min(CONV_PANELS * GEMM_MR, plane - pFirst * GEMM_MR);
    GLOBAL float* c = C + offC + (long)img * cStride + (long)col0 * plane + pFirst * GEMM_MR;
    for (int ch = 0; ch < cols; ++ch) {
        float b = hasBias ? bias[col0 + ch] : 0.0f;   /* the layer's bias, added on the way out */
        GLOBAL float* cr = c + (long)ch * plane;
        if (accumulate)   /* C += this product: one input's share of a sum of products (F.ConcatConv1x1) */
            for (int j = 0; j < run; ++j) cr[j] += stage[j][ch] + b;
        else
            for (int j = 0; j < run; ++j) cr[j] = stage[j][ch] + b;
    }
}

/* The weight gradient of a convolution as an implicit GEMM on the CPU, transposed so that the unrolled input is
 * the A side: part[split] (M x N) = sum over this split's share of the depth of A (M x depth) times B (depth x N),
 * where M = Cin*KH*KW window rows, N = Cout, depth = (image, position) over the chunk, A[(c, i, j)][d] = the padded
 * input at c * HP * WP + (oy * sh + i * dh) * WP + ox * sw + j * dw of image d / (OH*OW) (scalar loads, which the
 * A side broadcasts anyway), and B = dy^T packed by gemm_pack_b into 16-channel panels. One work-item: a pair of
 * (or four: CONV_NP, as gemm_cpu_conv) channel panels x a row group x a depth split (GROUP_ID(2)), over its depth in
 * blocks of GEMM_KC (128 with four panels, so that B's block stays in L1) whose input
 * offsets it tabulates once per block; conv_wgrad_reduce sums the splits into dw. */
KERNEL void gemm_cpu_conv_wgrad(GLOBAL const float* RESTRICT Bp, GLOBAL const float* RESTRICT xp, int xStride,
                                GLOBAL float* RESTRICT part, int M, int N, int images, int OH, int OW,
                                int HP, int WP, int KH, int KW, int sh, int sw, int dh, int dw, int panelsPerGroup, int splits)
{
    int Mp = (M + GEMM_MR - 1) / GEMM_MR * GEMM_MR, Np = (N + GEMM_NR - 1) / GEMM_NR * GEMM_NR;
    int plane = OH * OW, depth = images * plane, taps = KH * KW, split = GROUP_ID(2);
    int col0 = GROUP_ID(0) * CONV_NP * GEMM_VW, cols = min(CONV_NP * GEMM_VW, N - col0);
    int pFirst = GROUP_ID(1) * panelsPerGroup, pEnd = min(pFirst + panelsPerGroup, Mp / GEMM_MR);
    int dFirst = (int)((long)depth * split / splits), dEnd = (int)((long)depth * (split + 1) / splits);
    GLOBAL const float* bPanel0 = Bp + col0 * depth;
    GLOBAL const float* bPanel1 = bPanel0 + GEMM_VEC_OFF(1, depth);
#if CONV_NP == 4
    GLOBAL const float* bPanel2 = bPanel0 + GEMM_VEC_OFF(2, depth);
    GLOBAL const float* bPanel3 = bPanel0 + GEMM_VEC_OFF(3, depth);
#endif
    GLOBAL float* c = part + (long)split * M * N;
    float alpha = 1.0f, beta = 0.0f;
    int ldc = N, pos[GEMM_KC];
    for (int k0 = dFirst; k0 < dEnd; k0 += GEMM_KC) {   /* the launcher gives every split some depth */
        int kn = min(GEMM_KC, dEnd - k0), first = k0 == dFirst;
        /* Depth index d = (image, oy, ox): divided once per block, then counted. */
        int img = k0 / plane, oy = k0 % plane / OW, ox = k0 % OW;
        for (int k = 0; k < kn; ++k) {
            pos[k] = img * xStride + oy * sh * WP + ox * sw;
            if (++ox == OW) {
                ox = 0;
                if (++oy == OH) { oy = 0; ++img; }
            }
        }
        for (int p = pFirst; p < pEnd; ++p) {
            int row0 = p * GEMM_MR;
            /* The panel's six window rows (a padding row past M repeats row M-1; it is never stored). */
            GLOBAL const float* xr[GEMM_MR];
            for (int r = 0; r < GEMM_MR; ++r) {
                int row = min(row0 + r, M - 1), t = row % taps;
                xr[r] = xp + (row / taps * HP + t / KW * dh) * WP + t % KW * dw;
            }
            GLOBAL const float* bp0 = bPanel0 + k0 * GEMM_NR;
            GLOBAL const float* bp1 = bPanel1 + k0 * GEMM_NR;
#if CONV_NP == 4
            /* The launcher gives this variant whole 64-channel blocks only. */
            GLOBAL const float* bp2 = bPanel2 + k0 * GEMM_NR;
            GLOBAL const float* bp3 = bPanel3 + k0 * GEMM_NR;
            GEMM_ROWS(GEMM_DECLARE4)
            GEMM_LOOP4(kn, int o = pos[k];, GEMM_STEP4, )
            GEMM_ROWS(GEMM_ROW_STORE4)
#else
            GEMM_ROWS(GEMM_DECLARE)
            if (cols > GEMM_VW) GEMM_LOOP2(kn, int o = pos[k];, GEMM_STEP2, )
            else GEMM_LOOP1(kn, int o = pos[k];, GEMM_STEP1, )
            GEMM_ROWS(GEMM_ROW_STORE)
#endif
        }
    }
}
#endif
