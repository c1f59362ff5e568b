using System.Reflection;
using GrnGpu.Kernels.Activation;
using GrnGpu.Kernels.Adam;
using GrnGpu.Kernels.Add;
using GrnGpu.Kernels.Axpy;
using GrnGpu.Kernels.BatchNorm;
using GrnGpu.Kernels.BinaryCrossEntropy;
using GrnGpu.Kernels.Broadcast;
using GrnGpu.Kernels.ChannelScale;
using GrnGpu.Kernels.Concat;
using GrnGpu.Kernels.Conv2d;
using GrnGpu.Kernels.Dropout;
using GrnGpu.Kernels.Elementwise;
using GrnGpu.Kernels.Gemm;
using GrnGpu.Kernels.MaxPool;
using GrnGpu.Kernels.Shared;
using ILGPU;

namespace GrnGpu.Kernels.Ptx;

/// <summary>
/// One ILGPU kernel variant (a generic kernel with its operator filled in is one variant), by a file-safe name; MinimumSm is
/// the oldest CUDA architecture it is built for (0: all).
/// </summary>
public sealed record GpuKernel(string Name, MethodInfo Method, int MinimumSm = 0)
{
    public bool BuildsFor(int sm) => sm >= MinimumSm;
}

/// <summary>
/// Every ILGPU kernel variant the ILGPU device launches (src/Kernels/&lt;Op&gt;/&lt;Op&gt;Gpu.cs), all explicitly grouped:
/// what `grn kernels ptx` compiles to PTX and the ptxas test assembles. Each entry names its method through a typed
/// delegate, so a changed signature fails the build here.
/// </summary>
public static class GpuKernelCatalog
{
    public static IReadOnlyList<GpuKernel> All { get; } =
    [
        Of("relu", (Action<ReluCpu.Relu, ArrayView<float>, ArrayView<float>, int>)ElementwiseGpu.Unary),
        Of("relu_backward", (Action<ReluCpu.ReluGradient, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>)ElementwiseGpu.Binary),
        Of("sigmoid", (Action<SigmoidCpu.Sigmoid, ArrayView<float>, ArrayView<float>, int>)ElementwiseGpu.Unary),
        Of("sigmoid_backward", (Action<SigmoidCpu.SigmoidGradient, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>)ElementwiseGpu.Binary),
        Of("add", (Action<AddGpu.Sum, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>)ElementwiseGpu.Binary),
        Of("add_relu", (Action<AddCpu.SumRelu, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>)ElementwiseGpu.Binary),
        Of("axpy", (Action<AxpyGpu.ScaledAdd, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>)ElementwiseGpu.Binary),
        Of("dropout", (Action<DropoutCpu.Dropout, ArrayView<float>, ArrayView<float>, int>)ElementwiseGpu.Indexed),
        Of("fill", (Action<ArrayView<float>, float, int>)ElementwiseGpu.Fill),
        Of("adam", (Action<AdamGpu.Settings, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>)AdamGpu.Step),
        Of("bce_partial", (Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, float, int>)BinaryCrossEntropyGpu.Partial),
        Of("bce_finish", (Action<ArrayView<float>, ArrayView<float>, float, int>)BinaryCrossEntropyGpu.Finish),
        Of("bce_backward", (Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, ArrayView<float>, float, float, float, float, int>)
            BinaryCrossEntropyGpu.Backward),
        Of("rows_sum", (Action<ArrayView<float>, ArrayView<float>, int, int, float>)RowReductionGpu.Sum),
        Of("rows_dot", (Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>)RowReductionGpu.Dot),
        Of("channel_scale", (Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>)ChannelScaleGpu.Run),
        Of("plane_broadcast", (Action<ArrayView<float>, ArrayView<float>, int, float, int>)PlaneBroadcastGpu.Run),
        Of("add_channel_bias", (Action<ArrayView<float>, ArrayView<float>, int, int, int>)ChannelBiasGpu.Add),
        Of("channel_bias_sum", (Action<ArrayView<float>, ArrayView<float>, int, int, int>)ChannelBiasGpu.Sum),
        Of("copy_blocks", (Action<CopyBlocksGpu.Layout, ArrayView<float>, ArrayView<float>>)CopyBlocksGpu.Run),
        Of("maxpool_forward", (Action<PoolWindow, ArrayView<float>, ArrayView<float>, ArrayView<float>>)MaxPoolGpu.Forward),
        Of("maxpool_backward", (Action<PoolWindow, ArrayView<float>, ArrayView<float>, ArrayView<float>>)MaxPoolGpu.Backward),
        Of("bn_training", (Action<BatchNormGpu.Dims, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>>)BatchNormGpu.Training),
        Of("bn_normalize", (Action<BatchNormGpu.Dims, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>>)BatchNormGpu.Normalize),
        Of("bn_backward", (Action<BatchNormGpu.Dims, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>,
            ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>)BatchNormGpu.Backward),
        Of("bn_update_running", (Action<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, float, float, float, int>)
            BatchNormGpu.UpdateRunning),
        Of("gemm_tiled", (Action<GemmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>)GemmGpu.Tiled),
        Of("gemm_tf32_mma", (Action<GemmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>)GemmTf32Gpu.Tiled,
            GemmTf32Gpu.MinimumSm),
        Of("gemm_split_reduce", (Action<GemmShape, ArrayView<float>, ArrayView<float>>)GemmGpu.SplitReduce),
        Of("im2col", (Action<Im2ColShape, ArrayView<float>, ArrayView<float>, int, int>)Conv2dGpu.Im2Col),
        Of("col2im", (Action<Im2ColShape, ArrayView<float>, ArrayView<float>, int, int>)Conv2dGpu.Col2Im),
    ];

    private static GpuKernel Of(string name, Delegate kernel, int minimumSm = 0) => new(name, kernel.Method, minimumSm);
}
