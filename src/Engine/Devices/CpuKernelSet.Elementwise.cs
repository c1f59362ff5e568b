using GrnGpu.Kernels.Activation;
using GrnGpu.Kernels.Adam;
using GrnGpu.Kernels.Add;
using GrnGpu.Kernels.Axpy;
using GrnGpu.Kernels.BinaryCrossEntropy;
using GrnGpu.Kernels.Dropout;

namespace GrnGpu.Engine.Devices;

internal sealed unsafe partial class CpuKernelSet
{
    public void Relu(DeviceBuffer x, DeviceBuffer y, int n) => ReluCpu.Forward(Workers, P(x), P(y), n);
    public void ReluBackward(DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx, int n) => ReluCpu.Backward(Workers, P(x), P(dy), P(dx), n);
    public void Sigmoid(DeviceBuffer x, DeviceBuffer y, int n) => SigmoidCpu.Forward(Workers, P(x), P(y), n);
    public void SigmoidBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, int n) => SigmoidCpu.Backward(Workers, P(y), P(dy), P(dx), n);
    public void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, int n) => AddCpu.Add(Workers, P(a), P(b), P(y), n);
    public void AddRelu(DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, int n) => AddCpu.AddRelu(Workers, P(a), P(b), P(y), n);
    public void Axpy(DeviceBuffer acc, DeviceBuffer g, float alpha, int n) => AxpyCpu.Run(Workers, P(acc), P(g), alpha, n);
    public void Dropout(DeviceBuffer x, DeviceBuffer y, uint seed, uint threshold, float scale, int n) =>
        DropoutCpu.Run(Workers, P(x), P(y), seed, threshold, scale, n);
    public void Adam(DeviceBuffer p, DeviceBuffer g, DeviceBuffer m, DeviceBuffer v, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
        float lrT, float epsilon, int n) =>
        AdamCpu.Step(Workers, P(p), P(g), P(m), P(v), beta1, oneMinusBeta1, beta2, oneMinusBeta2, lrT, epsilon, n);
    public void BinaryCrossEntropy(DeviceBuffer p, DeviceBuffer labels, DeviceBuffer loss, float smoothing, int n) =>
        BinaryCrossEntropyCpu.Forward(Workers, P(p), P(labels), P(loss), smoothing, n);
    /// <summary>The upstream gradient is read here: the device is synchronous, so it is already there.</summary>
    public void BinaryCrossEntropyBackward(DeviceBuffer p, DeviceBuffer labels, DeviceBuffer? upstream, DeviceBuffer dp, float smoothing, float lo, float hi, int n) =>
        BinaryCrossEntropyCpu.Backward(Workers, P(p), P(labels), upstream == null ? 1f : P(upstream)[0], P(dp), smoothing, lo, hi, n);
}
