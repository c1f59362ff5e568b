/* GrnGpu kernel dialect prelude.
 * Kernel files are plain C written against these macros; this prelude maps them to CUDA C++ (NVRTC)
 * or to OpenCL C 1.2. Kernels use C99 float maths names (expf, sqrtf, fmaxf...), which OpenCL spells
 * without the suffix, so those are mapped too. Sizes are int: no tensor has 2^31 elements. */
#if defined(__CUDACC_RTC__) || defined(__CUDACC__)
#define GRN_CUDA 1
#define KERNEL extern "C" __global__
/* A kernel launched with at most `threads` work-items per group and wanted `blocks` groups resident per SM: the
 * compiler keeps registers to what that needs (OpenCL has no equivalent; there it is a plain kernel). */
#define KERNEL_BOUNDED(threads, blocks) extern "C" __global__ __launch_bounds__(threads, blocks)
#define GLOBAL
#define SHARED __shared__
/* A pointer parameter to shared memory: CUDA pointers are generic, OpenCL's need the address space. */
#define SHARED_PTR
#define RESTRICT __restrict__
#define DEVICE_FN static __device__ __forceinline__
#define LOCAL_ID(d) ((d) == 0 ? (int)threadIdx.x : (d) == 1 ? (int)threadIdx.y : (int)threadIdx.z)
#define GROUP_ID(d) ((d) == 0 ? (int)blockIdx.x : (d) == 1 ? (int)blockIdx.y : (int)blockIdx.z)
#define LOCAL_SIZE(d) ((d) == 0 ? (int)blockDim.x : (d) == 1 ? (int)blockDim.y : (int)blockDim.z)
#define NUM_GROUPS(d) ((d) == 0 ? (int)gridDim.x : (d) == 1 ? (int)gridDim.y : (int)gridDim.z)
/* __syncthreads orders shared and global memory within a block. */
#define BARRIER() __syncthreads()
#define ATOMIC_ADD_F(p, v) atomicAdd((p), (v))
#define ATOMIC_ADD_I(p, v) atomicAdd((p), (v))
/* Shared arrays read as float4 must start on 16 bytes; LOAD4 reads four consecutive floats at a 16-byte-aligned address. */
#define SHARED_ALIGNED16 __shared__ __align__(16)
#define LOAD4(p) (*(const float4*)(p))
#define FLOAT_AS_UINT(x) __float_as_uint(x)
#define UINT_AS_FLOAT(u) __uint_as_float(u)
#else
#define GRN_OPENCL 1
#define KERNEL __kernel
#define KERNEL_BOUNDED(threads, blocks) __kernel
#define GLOBAL __global
#define SHARED __local
#define SHARED_PTR __local
#define RESTRICT restrict
#define DEVICE_FN static inline
#define LOCAL_ID(d) ((int)get_local_id(d))
#define GROUP_ID(d) ((int)get_group_id(d))
#define LOCAL_SIZE(d) ((int)get_local_size(d))
#define NUM_GROUPS(d) ((int)get_num_groups(d))
/* Both fences, so that BARRIER() means what __syncthreads() means on CUDA. */
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)
#define expf exp
#define logf log
#define sqrtf sqrt
#define rsqrtf rsqrt
#define fmaxf fmax
#define fminf fmin
#define fabsf fabs
#define powf pow
#define tanhf tanh
#define floorf floor
#define fmaf fma
/* OpenCL 1.2 has no float atomic add: a compare-and-swap loop on the bits. */
static inline void grn_atomic_add_f(volatile __global float* p, float v)
{
    union { unsigned int u; float f; } expected, desired;
    do {
        expected.f = *p;
        desired.f = expected.f + v;
    } while (atomic_cmpxchg((volatile __global unsigned int*)p, expected.u, desired.u) != expected.u);
}
#define ATOMIC_ADD_F(p, v) grn_atomic_add_f((p), (v))
#define ATOMIC_ADD_I(p, v) atomic_add((p), (v))
#define SHARED_ALIGNED16 __local __attribute__((aligned(16)))
#define LOAD4(p) vload4(0, (p))
#define FLOAT_AS_UINT(x) as_uint(x)
#define UINT_AS_FLOAT(u) as_float(u)
#endif

#define GLOBAL_ID(d) (GROUP_ID(d) * LOCAL_SIZE(d) + LOCAL_ID(d))
#define GRN_FLT_MAX 3.402823466e+38f

/* Adds tile[0 .. n) into tile[0] with a tree of log2 n levels (n a power of two, the group size), the shared
 * step of every reduction kernel. Every work-item of the group calls it (it holds barriers) after writing its
 * own tile[lid]; tile[0] is the sum when it returns. */
DEVICE_FN void grn_tree_sum(SHARED_PTR float* tile, int lid, int n)
{
    BARRIER();
    for (int s = n / 2; s > 0; s >>= 1) {
        if (lid < s) tile[lid] += tile[lid + s];
        BARRIER();
    }
}
