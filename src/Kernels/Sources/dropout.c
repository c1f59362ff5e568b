/* Inverted dropout with the counter-based mask of GrnGpu.Engine.Ops.DropoutMask (the contract, bit for bit):
 *   h = lowbias32(seed ^ (index * 0x9E3779B9)),  keep iff (h >> 8) >= threshold,
 * where threshold = ceil(rate * 2^24) comes from the host (an integer test: no float rounding of the rate).
 * Kept values are multiplied by scale = 1 / (1 - rate), dropped ones become 0. The backward pass is the same
 * kernel on the output gradient with the same seed. Seed and threshold arrive as int and are used as unsigned. */

DEVICE_FN unsigned int dropout_hash(unsigned int x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

KERNEL void dropout_apply(GLOBAL const float* x, GLOBAL float* y, int seed, int threshold, float scale, int n)
{
    unsigned int s = (unsigned int)seed, t = (unsigned int)threshold;
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        unsigned int h = dropout_hash(s ^ ((unsigned int)i * 0x9E3779B9U));
        /* x is loaded unconditionally: a load under the condition keeps CPU compilers from vectorising. */
        float v = x[i];
        y[i] = (h >> 8) >= t ? v * scale : 0.0f;
    }
}
