namespace GrnGpu.Engine.Devices.Cpu;

internal sealed unsafe partial class CpuKernelSet
{
    public void Relu(DeviceBuffer x, DeviceBuffer y, int n) => throw new NotImplementedException();
    public void ReluBackward(DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx, int n) => throw new NotImplementedException();
    public void Sigmoid(DeviceBuffer x, DeviceBuffer y, int n) => throw new NotImplementedException();
    public void SigmoidBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, int n) => throw new NotImplementedException();
    public void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, int n) => throw new NotImplementedException();
    public void AddRelu(DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, int n) => throw new NotImplementedException();
    public void Axpy(DeviceBuffer acc, DeviceBuffer g, float alpha, int n) => throw new NotImplementedException();
    public void Dropout(DeviceBuffer x, DeviceBuffer y, uint seed, uint threshold, float scale, int n) => throw new NotImplementedException();
    public void Adam(DeviceBuffer p, DeviceBuffer g, DeviceBuffer m, DeviceBuffer v, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
        float lrT, float epsilon, int n) => throw new NotImplementedException();
    public void BinaryCrossEntropy(DeviceBuffer p, DeviceBuffer labels, DeviceBuffer loss, float smoothing, int n) => throw new NotImplementedException();
    public void BinaryCrossEntropyBackward(DeviceBuffer p, DeviceBuffer labels, DeviceBuffer? upstream, DeviceBuffer dp, float smoothing, float lo, float hi, int n) =>
        throw new NotImplementedException();
}
