using GrnGpu.Kernels.Activation;
using GrnGpu.Kernels.Adam;
using GrnGpu.Kernels.Add;
using GrnGpu.Kernels.Axpy;
using GrnGpu.Kernels.BinaryCrossEntropy;
using GrnGpu.Kernels.Dropout;
using GrnGpu.Kernels.Elementwise;
using GrnGpu.Kernels.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GrnGpu.Engine.Devices;

/// <summary>
/// The ILGPU device's kernels (<see cref="IDeviceKernels"/>): each method turns buffers into ILGPU views and launches the
/// C# kernels of src/Kernels/&lt;Op&gt;/&lt;Op&gt;Gpu.cs on the device's default stream. A kernel is compiled for the
/// accelerator on its first use and kept (the launcher delegates below). One partial file per family of ops.
/// </summary>
internal sealed partial class IlgpuKernelSet(IlgpuDevice device) : IDeviceKernels
{
    private KernelLoader Loader => device.Loader;

    private ArrayView<float> V(DeviceBuffer buffer) => device.ViewOf(buffer);

    /// <summary>An optional buffer's view and whether it is there; absent, any view stands in (the kernel never reads it).</summary>
    private (ArrayView<float> View, int Present) Optional(DeviceBuffer? buffer, DeviceBuffer fallback) =>
        buffer == null ? (V(fallback), 0) : (V(buffer), 1);

    private Action<KernelConfig, ReluCpu.Relu, ArrayView<float>, ArrayView<float>, int>? _relu;
    private Action<KernelConfig, SigmoidCpu.Sigmoid, ArrayView<float>, ArrayView<float>, int>? _sigmoid;
    private Action<KernelConfig, ReluCpu.ReluGradient, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>? _reluGrad;
    private Action<KernelConfig, SigmoidCpu.SigmoidGradient, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>? _sigmoidGrad;
    private Action<KernelConfig, AddGpu.Sum, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>? _add;
    private Action<KernelConfig, AddCpu.SumRelu, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>? _addRelu;
    private Action<KernelConfig, AxpyGpu.ScaledAdd, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>? _axpy;
    private Action<KernelConfig, DropoutCpu.Dropout, ArrayView<float>, ArrayView<float>, int>? _dropout;
    private Action<KernelConfig, AdamGpu.Settings, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>? _adam;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, int>? _bcePartial;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, float, int>? _bceFinish;
    private Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, float, float, float, float, int>? _bceBackward;
    private Action<KernelConfig, ArrayView<float>, float, int>? _fill;

    public void Relu(DeviceBuffer x, DeviceBuffer y, int n) =>
        (_relu ??= Loader.Load<ReluCpu.Relu, ArrayView<float>, ArrayView<float>, int>(ElementwiseGpu.Unary))(
            GpuLaunch.Items(n), default, V(x), V(y), n);

    public void ReluBackward(DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx, int n) =>
        (_reluGrad ??= Loader.Load<ReluCpu.ReluGradient, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(ElementwiseGpu.Binary))(
            GpuLaunch.Items(n), default, V(x), V(dy), V(dx), n);

    public void Sigmoid(DeviceBuffer x, DeviceBuffer y, int n) =>
        (_sigmoid ??= Loader.Load<SigmoidCpu.Sigmoid, ArrayView<float>, ArrayView<float>, int>(ElementwiseGpu.Unary))(
            GpuLaunch.Items(n), default, V(x), V(y), n);

    public void SigmoidBackward(DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx, int n) =>
        (_sigmoidGrad ??= Loader.Load<SigmoidCpu.SigmoidGradient, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(
            ElementwiseGpu.Binary))(GpuLaunch.Items(n), default, V(y), V(dy), V(dx), n);

    public void Add(DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, int n) =>
        (_add ??= Loader.Load<AddGpu.Sum, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(ElementwiseGpu.Binary))(
            GpuLaunch.Items(n), default, V(a), V(b), V(y), n);

    public void AddRelu(DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, int n) =>
        (_addRelu ??= Loader.Load<AddCpu.SumRelu, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(ElementwiseGpu.Binary))(
            GpuLaunch.Items(n), default, V(a), V(b), V(y), n);

    public void Axpy(DeviceBuffer acc, DeviceBuffer g, float alpha, int n) =>
        (_axpy ??= Loader.Load<AxpyGpu.ScaledAdd, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(ElementwiseGpu.Binary))(
            GpuLaunch.Items(n), new AxpyGpu.ScaledAdd(alpha), V(acc), V(g), V(acc), n);

    public void Dropout(DeviceBuffer x, DeviceBuffer y, uint seed, uint threshold, float scale, int n) =>
        (_dropout ??= Loader.Load<DropoutCpu.Dropout, ArrayView<float>, ArrayView<float>, int>(ElementwiseGpu.Indexed))(
            GpuLaunch.Items(n), new DropoutCpu.Dropout(seed, threshold, scale), V(x), V(y), n);

    public void Adam(DeviceBuffer p, DeviceBuffer g, DeviceBuffer m, DeviceBuffer v, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
        float lrT, float epsilon, int n) =>
        (_adam ??= Loader.Load<AdamGpu.Settings, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(AdamGpu.Step))(
            GpuLaunch.Items(n), new AdamGpu.Settings(beta1, oneMinusBeta1, beta2, oneMinusBeta2, lrT, epsilon), V(p), V(g), V(m), V(v), n);

    public void BinaryCrossEntropy(DeviceBuffer p, DeviceBuffer labels, DeviceBuffer loss, float smoothing, int n)
    {
        int parts = BinaryCrossEntropyGpu.Parts(n);
        var partial = device.Scratch(ScratchSlot.Loss, parts);
        (_bcePartial ??= Loader.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, float, int>(BinaryCrossEntropyGpu.Partial))(
            new KernelConfig(parts, GpuLaunch.Group), V(p), V(labels), partial, smoothing, n);
        (_bceFinish ??= Loader.Load<ArrayView<float>, ArrayView<float>, float, int>(BinaryCrossEntropyGpu.Finish))(
            new KernelConfig(1, GpuLaunch.Group), partial, V(loss), 1f / n, parts);
    }

    public void BinaryCrossEntropyBackward(DeviceBuffer p, DeviceBuffer labels, DeviceBuffer? upstream, DeviceBuffer dp, float smoothing, float lo, float hi, int n)
    {
        var (up, has) = Optional(upstream, dp);
        (_bceBackward ??= Loader.Load<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, float, float, float, float, int>(
            BinaryCrossEntropyGpu.Backward))(GpuLaunch.Items(n), V(p), V(labels), up, has, V(dp), smoothing, lo, hi, 1f / n, n);
    }

    /// <summary>The device's Fill.</summary>
    internal void Fill(ArrayView<float> y, float value, int n) =>
        (_fill ??= Loader.Load<ArrayView<float>, float, int>(ElementwiseGpu.Fill))(GpuLaunch.Items(n), y, value, n);
}

/// <summary>The device's scratch buffers, one per use that can be live at once.</summary>
internal static class ScratchSlot
{
    public const int Workspace = 0, Columns = 1, Loss = 2;
}
