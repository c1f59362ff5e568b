using GrnGpu.Engine.Geometry;
using GrnGpu.Kernels.Conv2d;
using GrnGpu.Kernels.Gemm;

namespace GrnGpu.Engine.Devices;

internal sealed unsafe partial class CpuKernelSet
{
    public void Gemm(in GemmCall call) =>
        GemmCpu.Multiply(Workers, call.M, call.N, call.K,
            P(call.A) + call.OffsetA, call.Lda, call.TransposeA, call.StrideA,
            P(call.B) + call.OffsetB, call.Ldb, call.TransposeB, call.StrideB,
            P(call.C) + call.OffsetC, call.Ldc, call.StrideC, call.Alpha, call.Beta, call.Batch, call.SumBatch);

    public void Conv2d(Conv2dGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? b, DeviceBuffer y) =>
        Conv2dCpu.Forward(Workers, Flattened(g), P(x), P(w), b == null ? null : P(b), P(y));

    public void Conv2dBackwardData(Conv2dGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx) =>
        Conv2dCpu.BackwardData(Workers, Flattened(g), P(dy), P(w), P(dx));

    public void Conv2dBackwardWeights(Conv2dGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw, DeviceBuffer? db) =>
        Conv2dCpu.BackwardWeights(Workers, Flattened(g), P(x), P(dy), P(dw), db == null ? null : P(db));

    internal static ConvShape Flattened(Conv2dGeometry g) => new(g.Batch, g.InChannels, g.OutChannels, g.InH, g.InW, g.OutH, g.OutW,
        g.KernelH, g.KernelW, g.StrideH, g.StrideW, g.DilationH, g.DilationW, g.PadTop, g.PadLeft);
}
