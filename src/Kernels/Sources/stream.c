/* Streaming bandwidth probe for `grn profile`: dst = src over n floats, one float per work-item, so that a CPU
 * runtime vectorises across neighbouring work-items and a GPU coalesces. Bytes moved: 8 per float. */

KERNEL void stream_copy(GLOBAL const float* RESTRICT src, GLOBAL float* RESTRICT dst, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0))
        dst[i] = src[i];
}

#ifdef GRN_OPENCL
/* Arithmetic peak probe for CPU devices (`grn profile`): each work-item runs `iterations` steps of 16 independent
 * 16-float FMA chains (enough to cover the FMA latency on two pipes; PoCL maps float16 to the widest vector
 * registers), 512 floating-point operations per step, and stores a sum so that nothing is optimised away. */
KERNEL void peak_fma(GLOBAL float* RESTRICT out, int iterations)
{
    float16 a = (float16)(1.0f + GLOBAL_ID(0) * 1e-9f), m = (float16)(0.999999f), b = (float16)(1e-7f);
    float16 c0 = a, c1 = a + 1, c2 = a + 2, c3 = a + 3, c4 = a + 4, c5 = a + 5, c6 = a + 6, c7 = a + 7;
    float16 c8 = a + 8, c9 = a + 9, c10 = a + 10, c11 = a + 11, c12 = a + 12, c13 = a + 13, c14 = a + 14, c15 = a + 15;
    for (int i = 0; i < iterations; ++i) {
        c0 = fma(c0, m, b); c1 = fma(c1, m, b); c2 = fma(c2, m, b); c3 = fma(c3, m, b);
        c4 = fma(c4, m, b); c5 = fma(c5, m, b); c6 = fma(c6, m, b); c7 = fma(c7, m, b);
        c8 = fma(c8, m, b); c9 = fma(c9, m, b); c10 = fma(c10, m, b); c11 = fma(c11, m, b);
        c12 = fma(c12, m, b); c13 = fma(c13, m, b); c14 = fma(c14, m, b); c15 = fma(c15, m, b);
    }
    float16 s = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7)) + ((c8 + c9) + (c10 + c11)) + ((c12 + c13) + (c14 + c15));
    out[GLOBAL_ID(0)] = s.s0 + s.s1 + s.s2 + s.s3 + s.s4 + s.s5 + s.s6 + s.s7 + s.s8 + s.s9 + s.sa + s.sb + s.sc + s.sd + s.se + s.sf;
}
#endif
