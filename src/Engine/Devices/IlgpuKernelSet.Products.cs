using GrnGpu.Engine.Geometry;
using GrnGpu.Kernels.Conv2d;
using GrnGpu.Kernels.Gemm;
using GrnGpu.Kernels.Gpu;
using ILGPU;
using ILGPU.Runtime;

namespace GrnGpu.Engine.Devices;

internal sealed partial class IlgpuKernelSet
{
    private Action<KernelConfig, GemmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>? _gemm, _gemmTf32;
    private Action<KernelConfig, GemmShape, ArrayView<float>, ArrayView<float>>? _gemmReduce;
    private Action<KernelConfig, Im2ColShape, ArrayView<float>, ArrayView<float>, int, int>? _im2col, _col2im;

    public void Gemm(in GemmCall call)
    {
        if (call.M == 0 || call.N == 0 || call.Batch == 0) return;
        var s = new GemmShape(call.M, call.N, call.K, call.Lda, call.Ldb, call.Ldc, call.TransposeA ? 1 : 0, call.TransposeB ? 1 : 0,
            call.OffsetA, call.OffsetB, call.OffsetC, call.StrideA, call.StrideB, call.StrideC, call.Alpha, call.Beta, call.Batch,
            call.SumBatch ? 1 : 0, 1);
        Gemm(s, V(call.A), V(call.B), V(call.C));
    }

    /// <summary>
    /// Launches one product: the tiled kernel (FP32, or TF32 mma.sync where the device uses tensor cores: same tiles, grid and
    /// split plan), then the split sums' reduction when the plan splits K.
    /// </summary>
    private void Gemm(GemmShape s, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c)
    {
        s = s with { Splits = GemmGpu.PlanSplits(s) };
        var workspace = s.Splits > 1 ? device.Scratch(ScratchSlot.Workspace, s.WorkspaceFloats) : c;
        var product = device.UsesTf32
            ? _gemmTf32 ??= Loader.Load<GemmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(GemmTf32Gpu.Tiled)
            : _gemm ??= Loader.Load<GemmShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(GemmGpu.Tiled);
        product(new KernelConfig(new Index3D(s.TilesN, s.TilesM, s.Outputs * s.Splits), new Index3D(GemmGpu.Threads, 1, 1)), s, a, b, c, workspace);
        if (s.Splits > 1)
            (_gemmReduce ??= Loader.Load<GemmShape, ArrayView<float>, ArrayView<float>>(GemmGpu.SplitReduce))(
                GpuLaunch.Items((long)s.Outputs * s.M * s.N), s, workspace, c);
    }

    public void Conv2d(Conv2dGeometry g, DeviceBuffer x, DeviceBuffer w, DeviceBuffer? b, DeviceBuffer y)
    {
        var s = ConvOf(g);
        int rows = s.Rows, plane = s.Plane, count = g.Batch;
        var col = device.Scratch(ScratchSlot.Columns, (long)count * rows * plane);
        Im2Col(s, V(x), col, count);
        // y_n = W (Cout x rows) col_n (rows x plane) for each image of the batch.
        Gemm(new GemmShape(g.OutChannels, plane, rows, rows, plane, plane, 0, 0, 0, 0, 0, 0, (long)rows * plane,
            (long)g.OutChannels * plane, 1f, 0f, count, 0, 1), V(w), col, V(y));
        if (b != null) AddChannelBias(y, b, g.OutChannels, plane);
    }

    public void Conv2dBackwardData(Conv2dGeometry g, DeviceBuffer dy, DeviceBuffer w, DeviceBuffer dx)
    {
        var s = ConvOf(g);
        int rows = s.Rows, plane = s.Plane, count = g.Batch;
        var dcol = device.Scratch(ScratchSlot.Columns, (long)count * rows * plane);
        // dcol_n = W^T (rows x Cout) dy_n (Cout x plane), then the gather back to the input.
        Gemm(new GemmShape(rows, plane, g.OutChannels, rows, plane, plane, 1, 0, 0, 0, 0, 0,
            (long)g.OutChannels * plane, (long)rows * plane, 1f, 0f, count, 0, 1), V(w), V(dy), dcol);
        (_col2im ??= Loader.Load<Im2ColShape, ArrayView<float>, ArrayView<float>, int, int>(Conv2dGpu.Col2Im))(
            GpuLaunch.Items((long)count * g.InChannels * g.InH * g.InW), s, dcol, V(dx), 0, count);
    }

    public void Conv2dBackwardWeights(Conv2dGeometry g, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dw, DeviceBuffer? db)
    {
        var s = ConvOf(g);
        int rows = s.Rows, plane = s.Plane, count = g.Batch;
        var col = device.Scratch(ScratchSlot.Columns, (long)count * rows * plane);
        Im2Col(s, V(x), col, count);
        // dW = sum over the batch's images of dy_n (Cout x plane) col_n^T (plane x rows): deep and short, split K.
        Gemm(new GemmShape(g.OutChannels, rows, plane, plane, plane, rows, 0, 1, 0, 0, 0,
            (long)g.OutChannels * plane, (long)rows * plane, 0, 1f, 0f, count, 1, 1), V(dy), col, V(dw));
        if (db != null) ChannelBiasSum(dy, db, g.Batch, g.OutChannels, plane);
    }

    /// <summary>The column matrices of the whole batch (the kernel's first image is 0: a GPU never chunks the batch).</summary>
    private void Im2Col(Im2ColShape s, ArrayView<float> x, ArrayView<float> col, int count) =>
        (_im2col ??= Loader.Load<Im2ColShape, ArrayView<float>, ArrayView<float>, int, int>(Conv2dGpu.Im2Col))(
            GpuLaunch.Items((long)count * s.Rows * s.Plane), s, x, col, 0, count);

    private static Im2ColShape ConvOf(Conv2dGeometry g) =>
        new(g.InChannels, g.InH, g.InW, g.KernelH, g.KernelW, g.StrideH, g.StrideW, g.DilationH, g.DilationW, g.PadTop, g.PadLeft, g.OutH, g.OutW);
}
