/* Fused element-wise ops: the residual block's add + ReLU, y = max(a + b, 0) computed as add then relu_forward
 * (the same float values), in one pass that stores only y. Its backward is relu_backward on y (y > 0 iff a + b > 0). */

KERNEL void add_relu(GLOBAL const float* a, GLOBAL const float* b, GLOBAL float* y, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        float s = a[i] + b[i];
        y[i] = s > 0.0f ? s : 0.0f;
    }
}
