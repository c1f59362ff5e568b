/* Element-wise activations, forward and backward, as grid-stride loops over n elements.
 * No RESTRICT: callers may run them in place (y == x, dx == dy). */

KERNEL void relu_forward(GLOBAL const float* x, GLOBAL float* y, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0))
        y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

/* The gradient is 0 at x == 0, as TensorFlow's ReluGrad (features > 0). */
KERNEL void relu_backward(GLOBAL const float* x, GLOBAL const float* dy, GLOBAL float* dx, int n)
{
    /* dy is loaded unconditionally: a load under the condition keeps CPU compilers from vectorising. */
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        float g = dy[i];
        dx[i] = x[i] > 0.0f ? g : 0.0f;
    }
}

/* Two branches so that expf never overflows: for x < 0, e^x / (1 + e^x). */
KERNEL void sigmoid_forward(GLOBAL const float* x, GLOBAL float* y, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0)) {
        float v = x[i];
        if (v >= 0.0f) {
            y[i] = 1.0f / (1.0f + expf(-v));
        } else {
            float e = expf(v);
            y[i] = e / (1.0f + e);
        }
    }
}

/* From the forward OUTPUT y: dx = dy * y * (1 - y). */
KERNEL void sigmoid_backward(GLOBAL const float* y, GLOBAL const float* dy, GLOBAL float* dx, int n)
{
    for (int i = GLOBAL_ID(0); i < n; i += NUM_GROUPS(0) * LOCAL_SIZE(0))
        dx[i] = dy[i] * y[i] * (1.0f - y[i]);
}
