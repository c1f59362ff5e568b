using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Reference;

namespace GrnGpu.Engine.Ops;

/// <summary>Which GEMM kernels run: Auto picks <see cref="CpuPacked"/> on OpenCL CPU devices, <see cref="Tiled"/> elsewhere.</summary>
public enum GemmVariant { Auto, Tiled, CpuPacked }

/// <summary>
/// Launches the GEMM kernels of gemm.c. The tiled kernel is one launch; the CPU path packs A and B into
/// panel order (scratch from the device pool) and runs the 6x16 register-blocked kernel over them.
/// </summary>
public static class GemmOp
{
    private const string File = "gemm.c";
    private const int TiledTile = 64, TiledThreads = 16;   // gemm.c GT_TILE, GT_THREADS
    private const int PanelRows = 6, PanelCols = 16;       // gemm.c GEMM_MR, GEMM_NR

    /// <summary>
    /// A packed row group of 16 panels is 96 rows: with the 256-deep cache block that is 96 KiB of A, which
    /// stays in a 512 KiB-1 MiB L2 while a work-item sweeps it against one 16 KiB B slice held in L1.
    /// </summary>
    private const int PanelsPerGroup = 16;

    public static GemmVariant Resolve(GpuDevice gpu, GemmVariant variant) =>
        variant != GemmVariant.Auto ? variant
        : gpu.Target == Kernels.KernelTarget.OpenCl && gpu.Info.Type == DeviceType.Cpu ? GemmVariant.CpuPacked
        : GemmVariant.Tiled;

    public static void Run(GpuDevice gpu, GemmProblem p, GemmVariant variant = GemmVariant.Auto)
    {
        p.Validate();
        if (Resolve(gpu, variant) == GemmVariant.CpuPacked)
        {
            if (gpu.Target != Kernels.KernelTarget.OpenCl) throw new ArgumentException("gemm: the CPU-packed variant is OpenCL only");
            RunPacked(gpu, p);
        }
        else if (p.PackedB) throw new ArgumentException("gemm: a packed B operand needs the CPU-packed variant");
        else RunTiled(gpu, p);
    }

    private static string Defines(GemmProblem p) => $"GEMM_TA={(p.A.Transposed ? 1 : 0)} GEMM_TB={(p.B.Transposed ? 1 : 0)}";

    private static void RunTiled(GpuDevice gpu, GemmProblem p)
    {
        if (TiledThreads * TiledThreads > gpu.Info.MaxGroupSize)
            throw new ArgumentException($"gemm: the tiled kernel needs groups of {TiledThreads * TiledThreads}, {gpu.Info} allows {gpu.Info.MaxGroupSize}");
        int outputs = p.SumBatch ? 1 : p.Batch;
        var groups = new Dim3((p.N + TiledTile - 1) / TiledTile, (p.M + TiledTile - 1) / TiledTile, Math.Min(outputs, 65535));
        KernelProfiler.DeclareFlops(2.0 * p.M * p.N * p.K * p.Batch);
        gpu.Launch(gpu.Kernel(File, "gemm_tiled", Defines(p)), groups, new Dim3(TiledThreads, TiledThreads),
            p.A.Buffer, p.A.Offset, p.A.Ld, p.A.BatchStride,
            p.B.Buffer, p.B.Offset, p.B.Ld, p.B.BatchStride,
            p.C.Buffer, p.C.Offset, p.C.Ld, p.C.BatchStride,
            p.M, p.N, p.K, p.Alpha, p.Beta, p.Batch, p.SumBatch ? 1 : 0);
    }

    private static void RunPacked(GpuDevice gpu, GemmProblem p)
    {
        int mp = RoundUp(p.M, PanelRows), np = RoundUp(p.N, PanelCols);
        int outputs = p.SumBatch ? 1 : p.Batch;
        // A weight shared by every batch entry (stride 0) is packed once.
        bool sharedA = !p.SumBatch && p.A.BatchStride == 0;
        int matsA = sharedA ? 1 : p.Batch;
        string defines = Defines(p);
        using var packedA = Tensor.Empty(gpu, new Shape(checked(matsA * mp * p.K)));
        using var packedB = p.PackedB ? null : Tensor.Empty(gpu, new Shape(checked(p.Batch * np * p.K)));
        gpu.Launch1D(gpu.Kernel(File, "gemm_pack_a", defines), (long)matsA * (mp / PanelRows),
            p.A.Buffer, p.A.Offset, p.A.Ld, p.A.BatchStride, packedA, p.M, p.K, matsA, p.SumBatch ? 1 : 0);
        if (packedB != null)
            gpu.Launch1D(gpu.Kernel(File, "gemm_pack_b", defines), (long)p.Batch * (np / PanelCols),
                p.B.Buffer, p.B.Offset, p.B.Ld, p.B.BatchStride, packedB, p.N, p.K, p.Batch, p.SumBatch ? 1 : 0);
        int depth = p.SumBatch ? p.Batch * p.K : p.K;
        int rowGroups = (mp / PanelRows + PanelsPerGroup - 1) / PanelsPerGroup;
        KernelProfiler.DeclareFlops(2.0 * p.M * p.N * p.K * p.Batch);
        gpu.Launch(gpu.Kernel(File, "gemm_cpu_block", defines), new Dim3(np / PanelCols, rowGroups, outputs), new Dim3(1),
            packedA, packedB?.Buffer ?? p.B.Buffer, packedB == null ? p.B.Offset : 0, p.C.Buffer, p.C.Offset, p.C.Ld, p.C.BatchStride,
            p.M, p.N, depth, PanelsPerGroup, sharedA ? 1 : 0, p.Alpha, p.Beta);
    }

    private static int RoundUp(int v, int multiple) => (v + multiple - 1) / multiple * multiple;

    /// <summary>
    /// c (m x n) = alpha * op(a) * op(b) + beta * c on whole tensors, on any device: the kernels on a GPU device,
    /// <see cref="GemmRef"/> on the reference device.
    /// </summary>
    public static void Multiply(Tensor a, bool transposeA, Tensor b, bool transposeB, Tensor c, int m, int n, int k,
        float alpha = 1f, float beta = 0f, GemmVariant variant = GemmVariant.Auto)
    {
        OpChecks.SameDevice("gemm", a, b, c);
        OpChecks.Length("gemm", a, (long)m * k, "A");
        OpChecks.Length("gemm", b, (long)k * n, "B");
        OpChecks.Length("gemm", c, (long)m * n, "C");
        if (c.Device is GpuDevice gpu)
        {
            Run(gpu, new GemmProblem(m, n, k,
                GemmOperand.Of(a, transposeA ? m : k, transposeA), GemmOperand.Of(b, transposeB ? k : n, transposeB),
                GemmOperand.Of(c, n), alpha, beta), variant);
            return;
        }
        double[] product = GemmRef.Multiply(m, n, k, RefBridge.Load(a), transposeA, RefBridge.Load(b), transposeB);
        double[] old = beta == 0f ? new double[product.Length] : RefBridge.Load(c);
        for (int i = 0; i < product.Length; i++) product[i] = alpha * product[i] + (beta == 0f ? 0 : beta * old[i]);
        RefBridge.Store(c, product);
    }
}
