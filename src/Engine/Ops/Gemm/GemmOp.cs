using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Gemm;

/// <summary>
/// Which GEMM kernels run: Auto picks <see cref="CpuPacked"/> on OpenCL CPU devices; on GPUs, per product (see
/// <see cref="GemmOp.ForProblem"/>), <see cref="Tf32"/> (tensor cores, CUDA sm_80+, TF32 precision), <see cref="Large"/>
/// (128 x 128 tiles) or <see cref="Tiled"/> (16-64 tiles). Tests force a variant to check its kernels on any device.
/// </summary>
public enum GemmVariant { Auto, Tiled, CpuPacked, Large, Tf32 }

/// <summary>
/// Arithmetic of GPU products: Fp32 throughout, or Tf32 (inputs rounded to TF32 on tensor cores, FP32 accumulation;
/// what PyTorch uses for convolutions by default). Tf32 only takes effect where the device has TF32 tensor cores
/// (CUDA sm_80+) and the variant is Auto.
/// </summary>
public enum GemmPrecision { Fp32, Tf32 }

/// <summary>
/// Launches the GEMM kernels of gemm.c. A GPU product is one launch of gemm_tiled, gemm_large or gemm_tf32, plus a
/// gemm_splitk_reduce when it is split along its inner dimension to give every compute unit two blocks; every layout
/// constant the kernels and this class share is passed to them as a define from here. The CPU path packs A and B
/// into panel order (scratch from the device pool) and runs the 6 x 32 register-blocked kernel (two 16-column panels per work-item) over them.
/// </summary>
public static class GemmOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "gemm";

    private const string File = "gemm.c";
    /// <summary>gemm_tiled's layout, passed to it as defines (GT_THREADS, GT_DEPTH, GT_PM, GT_PN) from here only.</summary>
    public const int TiledThreads = 16, TiledDepth = 16, TiledMaxPerThread = 4;

    /// <summary>Split-K workspace bound in floats (256 MiB): past it the product runs with fewer slices.</summary>
    private const long MaxWorkspaceFloats = 64L << 20;
    private const int PanelRows = 6, PanelCols = 16;       // gemm.c GEMM_MR, GEMM_NR

    /// <summary>
    /// A packed row group of 16 panels is 96 rows: with the 256-deep cache block that is 96 KiB of A, which
    /// stays in a 512 KiB-1 MiB L2 while a work-item sweeps it against two 16-column B slices (32 KiB) held in L1.
    /// </summary>
    private const int PanelsPerGroup = 16;

    /// <summary>Whether a kernel of gemm.c computes products (as opposed to packing or reducing), for the launch audit.</summary>
    public static bool IsProductKernel(string kernel) => kernel is "gemm_tiled" or "gemm_large" or "gemm_tf32" or "gemm_cpu_block" or "gemm_cpu_conv" or "gemm_cpu_conv_wgrad";

    /// <summary>The depth of one split-K chunk of a product kernel (GT_DEPTH, GL_DEPTH or TF_DEPTH).</summary>
    public static int ChunkDepth(string kernel) => kernel == "gemm_large" ? LargeDepth : kernel == "gemm_tf32" ? Tf32Depth : TiledDepth;

    /// <summary>gemm_large's layout: 128 x 128 tiles, 16 x 16 work-items, GL_DEPTH-deep slabs.</summary>
    public const int LargeTile = 128, LargeDepth = 8;

    /// <summary>
    /// The process-wide precision. FP32 for library callers and tests (their tolerances are FP32 bounds); the `grn`
    /// command sets it from `--precision`, whose default is TF32, as PyTorch does for convolutions.
    /// </summary>
    public static GemmPrecision DefaultPrecision { get; set; } = GemmPrecision.Fp32;

    [ThreadStatic] private static GemmPrecision? _precisionOverride;

    /// <summary>The precision products on this thread use now.</summary>
    public static GemmPrecision Precision => _precisionOverride ?? DefaultPrecision;

    /// <summary>Sets this thread's precision until disposed (gradient checks force Fp32 for their FP32 tolerances).</summary>
    public static IDisposable UsePrecision(GemmPrecision precision)
    {
        var previous = _precisionOverride;
        _precisionOverride = precision;
        return new PrecisionScope(previous);
    }

    private sealed class PrecisionScope(GemmPrecision? previous) : IDisposable
    {
        public void Dispose() => _precisionOverride = previous;
    }

    /// <summary>gemm_tf32's layout: 64 x 64 tiles, 128 work-items (4 warps), TF_DEPTH-deep chunks.</summary>
    public const int Tf32Tile = 64, Tf32Depth = 16, Tf32Threads = 128;

    /// <summary>
    /// The device-level choice: CPU OpenCL devices get the packed kernels; on a GPU Auto stays Auto, because there
    /// <see cref="ForProblem"/> decides per product (tile size, TF32).
    /// </summary>
    public static GemmVariant Resolve(GpuDevice gpu, GemmVariant variant) =>
        variant != GemmVariant.Auto ? variant
        : gpu.Target == Kernels.KernelTarget.OpenCl && gpu.Info.Type == DeviceType.Cpu ? GemmVariant.CpuPacked
        : GemmVariant.Auto;

    /// <summary>
    /// Auto's choice on a GPU for one problem: with TF32 precision on a device with TF32 tensor cores, the TF32 kernel
    /// (64 x 64 tiles) when M and N are at least 32 and the product fills the device; else the large tiles when both M
    /// and N fill a 128 x 128 tile and the product is deep enough to give the device its block target (split-K
    /// included); the smaller FP32 tiles otherwise (small products: more blocks matter more than faster arithmetic).
    /// </summary>
    public static GemmVariant ForProblem(GpuDevice gpu, GemmProblem p, GemmVariant variant)
    {
        var v = Resolve(gpu, variant);
        if (v != GemmVariant.Auto) return v;
        long outputs = p.SumBatch ? 1 : p.Batch;
        // A tile kernel is worth it when its tiles are mostly full and the product, split-K included, fills the device.
        bool Fills(int tile, int depth) => p.M >= tile / 2 && p.N >= tile / 2
            && (long)((p.N + tile - 1) / tile) * ((p.M + tile - 1) / tile) * outputs * DepthChunks(p.K, p.Batch, p.SumBatch, depth) >= TargetBlocks(gpu);
        if (Precision == GemmPrecision.Tf32 && gpu.HasTf32TensorCores && Fills(Tf32Tile, Tf32Depth)) return GemmVariant.Tf32;
        if (p.M >= LargeTile && p.N >= LargeTile && Fills(LargeTile, LargeDepth)) return GemmVariant.Large;
        return GemmVariant.Tiled;
    }

    public static void Run(GpuDevice gpu, GemmProblem p, GemmVariant variant = GemmVariant.Auto) => Run(gpu, p, variant, null);

    /// <summary>Which products a device runs, for benchmark headers: the legacy kernels' variant, or the device's own kernel set.</summary>
    public static string DescribeKernels(ComputeDevice device, GemmVariant variant) =>
        device is GpuDevice gpu ? $"{Resolve(gpu, variant)} kernels" : "its own kernel set";

    /// <summary>As <see cref="Run(GpuDevice, GemmProblem, GemmVariant)"/> with the tiled kernel's plan forced (tests of every tile and split).</summary>
    public static void Run(GpuDevice gpu, GemmProblem p, GemmVariant variant, TiledPlan? tiledPlan, int? largeSlices = null)
    {
        p.Validate();
        var chosen = ForProblem(gpu, p, variant);
        if (chosen is GemmVariant.Large or GemmVariant.Tf32)
        {
            if (p.PackedB || p.PackedA) throw new ArgumentException("gemm: a packed operand needs the CPU-packed variant");
            if (chosen == GemmVariant.Large) RunLarge(gpu, p, largeSlices);
            else RunTf32(gpu, p, largeSlices);
        }
        else if (chosen == GemmVariant.CpuPacked)
        {
            if (gpu.Target != Kernels.KernelTarget.OpenCl) throw new ArgumentException("gemm: the CPU-packed variant is OpenCL only");
            RunPacked(gpu, p);
        }
        else if (p.PackedB || p.PackedA) throw new ArgumentException("gemm: a packed operand needs the CPU-packed variant");
        else RunTiled(gpu, p, tiledPlan);
    }

    private static string Defines(GemmProblem p) => $"GEMM_TA={(p.A.Transposed ? 1 : 0)} GEMM_TB={(p.B.Transposed ? 1 : 0)}";

    /// <summary>
    /// How gemm_tiled runs one problem: outputs per work-item in each direction (tiles of 16 x that) and the number
    /// of split-K slices.
    /// </summary>
    public readonly record struct TiledPlan(int PerThreadM, int PerThreadN, int Slices)
    {
        public int TileM => TiledThreads * PerThreadM;
        public int TileN => TiledThreads * PerThreadN;
    }

    /// <summary>The GEMM-grid target: twice the device's compute units (SMs), so that every SM has two blocks.</summary>
    public static int TargetBlocks(GpuDevice gpu) => 2 * Math.Max(1, gpu.Info.ComputeUnits);

    /// <summary>The GT_DEPTH-deep chunks of a problem's inner dimension (summed batch included): the most slices it can have.</summary>
    public static long DepthChunks(int k, int batch, bool sumBatch, int depth = TiledDepth) => (sumBatch ? batch : 1L) * ((k + depth - 1) / depth);

    /// <summary>
    /// Tiles no larger than M and N need (16, 32 or 64), shrunk while that alone does not give the device two blocks per
    /// compute unit (not below 32 in a direction that has the rows or columns, unless even single-chunk slices could
    /// not reach the target); then as many split-K slices as reach the target, each at least one GT_DEPTH chunk deep
    /// and the workspace bounded.
    /// </summary>
    public static TiledPlan PlanTiled(GemmProblem p, int targetBlocks)
    {
        static int PerThread(int extent) => extent <= TiledThreads ? 1 : extent <= 2 * TiledThreads ? 2 : TiledMaxPerThread;
        int pm = PerThread(p.M), pn = PerThread(p.N);
        long outputs = p.SumBatch ? 1 : p.Batch;
        long Blocks(int a, int b) => (long)((p.N + TiledThreads * b - 1) / (TiledThreads * b)) * ((p.M + TiledThreads * a - 1) / (TiledThreads * a)) * outputs;
        long chunks = DepthChunks(p.K, p.Batch, p.SumBatch);
        while (Blocks(pm, pn) < targetBlocks && (pm > 2 || pn > 2))
        {
            if (pn >= pm) pn /= 2; else pm /= 2;
        }
        // A product too small to fill the device even split into single chunks: the smallest tiles, for the most blocks.
        while (Blocks(pm, pn) * chunks < targetBlocks && (pm > 1 || pn > 1))
        {
            if (pn >= pm) pn /= 2; else pm /= 2;
        }
        long blocks = Blocks(pm, pn);
        long slices = 1;
        if (blocks < targetBlocks)
        {
            slices = Math.Min((targetBlocks + blocks - 1) / blocks, chunks);
            slices = Math.Min(slices, Math.Max(1, MaxWorkspaceFloats / (outputs * p.M * p.N)));
        }
        return new TiledPlan(pm, pn, (int)Math.Max(1, slices));
    }

    /// <summary>Split-K slices for a grid of <paramref name="blocks"/> blocks: enough to reach the target, within the chunks and the workspace bound.</summary>
    private static int Slices(GemmProblem p, long blocks, int targetBlocks, int depth)
    {
        if (blocks >= targetBlocks) return 1;
        long outputs = p.SumBatch ? 1 : p.Batch;
        long slices = Math.Min((targetBlocks + blocks - 1) / blocks, DepthChunks(p.K, p.Batch, p.SumBatch, depth));
        return (int)Math.Max(1, Math.Min(slices, MaxWorkspaceFloats / (outputs * p.M * p.N)));
    }

    private static void RunTiled(GpuDevice gpu, GemmProblem p, TiledPlan? forced)
    {
        var plan = forced ?? PlanTiled(p, TargetBlocks(gpu));
        string defines = $"{Defines(p)} GT_THREADS={TiledThreads} GT_DEPTH={TiledDepth} GT_PM={plan.PerThreadM} GT_PN={plan.PerThreadN}";
        RunProduct(gpu, p, "gemm_tiled", defines, plan.TileM, plan.TileN, plan.Slices);
    }

    /// <summary>The 128 x 128 kernel, split-K to the device's block target (or <paramref name="forcedSlices"/>).</summary>
    private static void RunLarge(GpuDevice gpu, GemmProblem p, int? forcedSlices)
    {
        long outputs = p.SumBatch ? 1 : p.Batch;
        long blocks = (long)((p.N + LargeTile - 1) / LargeTile) * ((p.M + LargeTile - 1) / LargeTile) * outputs;
        int slices = forcedSlices ?? Slices(p, blocks, TargetBlocks(gpu), LargeDepth);
        RunProduct(gpu, p, "gemm_large", $"{Defines(p)} GL_DEPTH={LargeDepth}", LargeTile, LargeTile, slices);
    }

    /// <summary>
    /// The TF32 tensor-core kernel (emulated where the instruction does not exist, e.g. when tests force it on PoCL),
    /// split-K to the block target (or <paramref name="forcedSlices"/>).
    /// </summary>
    private static void RunTf32(GpuDevice gpu, GemmProblem p, int? forcedSlices)
    {
        long outputs = p.SumBatch ? 1 : p.Batch;
        long blocks = (long)((p.N + Tf32Tile - 1) / Tf32Tile) * ((p.M + Tf32Tile - 1) / Tf32Tile) * outputs;
        int slices = forcedSlices ?? Slices(p, blocks, TargetBlocks(gpu), Tf32Depth);
        RunProduct(gpu, p, "gemm_tf32", Defines(p), Tf32Tile, Tf32Tile, slices, new Dim3(Tf32Threads));
    }

    /// <summary>
    /// One product kernel over (column tiles, row tiles, outputs x slices) groups (16 x 16 unless given); with slices &gt; 1 the partial
    /// products go to a workspace [slice][output][M][N] and gemm_splitk_reduce adds them into C.
    /// </summary>
    private static void RunProduct(GpuDevice gpu, GemmProblem p, string entry, string defines, int tileM, int tileN, int slices, Dim3? groupSize = null)
    {
        var group = groupSize ?? new Dim3(TiledThreads, TiledThreads);
        if (group.Volume > gpu.Info.MaxGroupSize)
            throw new ArgumentException($"gemm: {entry} needs groups of {group.Volume}, {gpu.Info} allows {gpu.Info.MaxGroupSize}");
        int outputs = p.SumBatch ? 1 : p.Batch;
        var groups = new Dim3((p.N + tileN - 1) / tileN, Math.Min((p.M + tileM - 1) / tileM, 65535),
            (int)Math.Min((long)outputs * slices, 65535));
        var kernel = gpu.Kernel(File, entry, defines);
        KernelProfiler.DeclareFlops(2.0 * p.M * p.N * p.K * p.Batch);
        if (slices == 1)
        {
            gpu.Launch(kernel, groups, group,
                p.A.Buffer, p.A.Offset, p.A.Ld, p.A.BatchStride,
                p.B.Buffer, p.B.Offset, p.B.Ld, p.B.BatchStride,
                p.C.Buffer, p.C.Offset, p.C.Ld, p.C.BatchStride,
                p.M, p.N, p.K, p.Alpha, p.Beta, p.Batch, p.SumBatch ? 1 : 0, 1);
            return;
        }
        int mn = checked(p.M * p.N);
        using var work = Tensor.Empty(gpu, new Shape(checked(slices * outputs * mn)));
        gpu.Launch(kernel, groups, group,
            p.A.Buffer, p.A.Offset, p.A.Ld, p.A.BatchStride,
            p.B.Buffer, p.B.Offset, p.B.Ld, p.B.BatchStride,
            work, 0, p.N, mn,
            p.M, p.N, p.K, 1f, 0f, p.Batch, p.SumBatch ? 1 : 0, slices);
        gpu.Launch1D(gpu.Kernel(File, "gemm_splitk_reduce"), (long)outputs * mn,
            work, slices, outputs * mn, p.C.Buffer, p.C.Offset, p.C.Ld, p.C.BatchStride, p.M, p.N, outputs, p.Alpha, p.Beta);
    }

    private static void RunPacked(GpuDevice gpu, GemmProblem p)
    {
        int mp = RoundUp(p.M, PanelRows), np = RoundUp(p.N, PanelCols);
        int outputs = p.SumBatch ? 1 : p.Batch;
        // A weight shared by every batch entry (stride 0) is packed once.
        bool sharedA = !p.SumBatch && p.A.BatchStride == 0;
        int matsA = sharedA ? 1 : p.Batch;
        string defines = Defines(p);
        using var packedA = p.PackedA ? null : Tensor.Empty(gpu, new Shape(checked(matsA * mp * p.K)));
        using var packedB = p.PackedB ? null : Tensor.Empty(gpu, new Shape(checked(p.Batch * np * p.K)));
        if (packedA != null)
            gpu.Launch1D(gpu.Kernel(File, "gemm_pack_a", defines), (long)matsA * (mp / PanelRows),
                p.A.Buffer, p.A.Offset, p.A.Ld, p.A.BatchStride, packedA, p.M, p.K, matsA, p.SumBatch ? 1 : 0);
        if (packedB != null)
            gpu.Launch1D(gpu.Kernel(File, "gemm_pack_b", defines), (long)p.Batch * (np / PanelCols),
                p.B.Buffer, p.B.Offset, p.B.Ld, p.B.BatchStride, packedB, p.N, p.K, p.Batch, p.SumBatch ? 1 : 0);
        int depth = p.SumBatch ? p.Batch * p.K : p.K;
        int rowGroups = (mp / PanelRows + PanelsPerGroup - 1) / PanelsPerGroup;
        KernelProfiler.DeclareFlops(2.0 * p.M * p.N * p.K * p.Batch);
        int vw = CpuVectorWidth(gpu);
        gpu.Launch(gpu.Kernel(File, "gemm_cpu_block", $"{defines} GEMM_VW={vw}"), new Dim3((np + 2 * vw - 1) / (2 * vw), rowGroups, outputs), new Dim3(1),
            packedA?.Buffer ?? p.A.Buffer, packedB?.Buffer ?? p.B.Buffer, packedB == null ? p.B.Offset : 0, p.C.Buffer, p.C.Offset, p.C.Ld, p.C.BatchStride,
            p.M, p.N, depth, PanelsPerGroup, sharedA ? 1 : 0, p.Alpha, p.Beta);
    }

    /// <summary>The most window rows (Cin x KH x KW) gemm_cpu_conv tabulates (CONV_KMAX); deeper products take im2col's way.</summary>
    public const int ImplicitConvMaxDepth = 4096;

    /// <summary>
    /// Packs a weight stored n x k (n output channels of k window rows; rows ld apart from offset, ld = k when 0) as the
    /// B operand W^T (k x n) of <see cref="RunImplicitConv"/>: 16-channel panels, k-major. With
    /// <paramref name="storedKByN"/> the weight is stored k x n instead (already W^T: a 1x1 layer's data gradient).
    /// </summary>
    public static Tensor PackConvWeights(GpuDevice gpu, DeviceBuffer w, int n, int k, int offset = 0, int ld = 0, bool storedKByN = false)
    {
        int np = RoundUp(n, PanelCols);
        var packed = Tensor.Empty(gpu, new Shape(checked(np * k)));
        gpu.Launch1D(gpu.Kernel(File, "gemm_pack_b", $"GEMM_TA=0 GEMM_TB={(storedKByN ? 0 : 1)}"), np / PanelCols,
            w, offset, ld > 0 ? ld : storedKByN ? n : k, 0, packed, n, k, 1, 0);
        return packed;
    }

    /// <summary>
    /// The implicit-GEMM convolution of gemm.c (CPU OpenCL): for each of <paramref name="images"/> images, C (n x
    /// outH*outW, at offC + image * cStride) = W (packed by <see cref="PackConvWeights"/>, n x k) times the columns of a
    /// zero-padded input (channels of hp x wp floats, images xStride apart) read in place at the window's strides and
    /// dilations, plus the bias per output channel when given; with <paramref name="accumulate"/> added onto C. See
    /// gemm_cpu_conv.
    /// </summary>
    public static void RunImplicitConv(GpuDevice gpu, Tensor packedW, int n, int k, Tensor padded, int xStride,
        DeviceBuffer c, int offC, int cStride, int outH, int outW, int hp, int wp, int kh, int kw, int sh, int sw, int dh, int dw, int images,
        Tensor? bias = null, bool accumulate = false)
    {
        if (k > ImplicitConvMaxDepth || k % (kh * kw) != 0 || packedW.Length < (long)RoundUp(n, PanelCols) * k
            || hp < (outH - 1) * sh + (kh - 1) * dh + 1 || wp < (outW - 1) * sw + (kw - 1) * dw + 1
            || padded.Length < (long)(images - 1) * xStride + (long)(k / (kh * kw)) * hp * wp)
            throw new ArgumentException($"gemm: implicit convolution layout off (output {outH} x {outW}, padded {hp} x {wp}, kernel {kh} x {kw}, depth {k})");
        int vw = CpuVectorWidth(gpu), perItem = ConvVectorsPerItem(n, vw);
        int blocks = (RoundUp(n, PanelCols) + perItem * vw - 1) / (perItem * vw);
        int groups = ((outH * outW + PanelRows - 1) / PanelRows + PanelsPerGroup - 1) / PanelsPerGroup;
        KernelProfiler.DeclareFlops(2.0 * n * outH * outW * k * images);
        string defines = $"CONV_PANELS={PanelsPerGroup} CONV_KMAX={ImplicitConvMaxDepth} CONV_NP={perItem} GEMM_VW={vw}";
        gpu.Launch(gpu.Kernel(File, "gemm_cpu_conv", defines), new Dim3(blocks, groups, images), new Dim3(1),
            packedW, padded, xStride, c, offC, cStride, n, k, outH, outW, hp, wp, kh, kw, sh, sw, dh, dw, bias ?? packedW, bias == null ? 0 : 1, accumulate ? 1 : 0);
    }

    /// <summary>
    /// Accumulator vectors per work-item of the implicit convolutions (CONV_NP): four 16-float vectors where the channels
    /// come in whole blocks of 64 (24 accumulators of 32 AVX-512 registers), else two (with 8-float vectors always two:
    /// four would not fit AVX2's 16 registers).
    /// </summary>
    private static int ConvVectorsPerItem(int channels, int vectorWidth) => vectorWidth == 16 && channels % 64 == 0 ? 4 : 2;

    [ThreadStatic] private static int? _cpuVectorWidth;

    /// <summary>
    /// The CPU kernels' accumulator width in floats (GEMM_VW): 16 where the device prefers 16-float vectors (AVX-512),
    /// else 8 (a float16 on AVX2 is two registers, and the blocks would spill). Settable per thread so that checks can
    /// run the 8-float kernels on any CPU; null restores the device's choice.
    /// </summary>
    public static int? CpuVectorWidthOverride
    {
        get => _cpuVectorWidth;
        set => _cpuVectorWidth = value is null or 8 or 16 ? value : throw new ArgumentOutOfRangeException(nameof(value), "8 or 16");
    }

    /// <summary>The width the CPU kernels use on <paramref name="gpu"/> (see <see cref="CpuVectorWidthOverride"/>).</summary>
    public static int CpuVectorWidth(GpuDevice gpu) => _cpuVectorWidth ?? (gpu.Info.PreferredFloatVector >= 16 ? 16 : 8);

    /// <summary>
    /// Depth splits of the weight gradient's implicit GEMM for cout channels, rows window rows and a chunk of
    /// <paramref name="depth"/> (image, position) pairs: about eight work-items per core with the row groups and channel
    /// panel pairs, each split at least one cache block deep. Never more for a shallower chunk.
    /// </summary>
    public static int ImplicitWeightSplits(GpuDevice gpu, int cout, int rows, int depth)
    {
        int vw = CpuVectorWidth(gpu), perItem = ConvVectorsPerItem(cout, vw);
        int items = (RoundUp(cout, PanelCols) + perItem * vw - 1) / (perItem * vw) * ((RoundUp(rows, PanelRows) / PanelRows + PanelsPerGroup - 1) / PanelsPerGroup);
        int target = 8 * Math.Max(1, gpu.Info.ComputeUnits);
        return Math.Clamp((target + items - 1) / items, 1, Math.Max(1, depth / GemmCpuDepthBlock));
    }

    /// <summary>
    /// Packs dy^T of <paramref name="images"/> images (dy at dyOffset, images of cout x plane) into 16-channel panels,
    /// depth (image, position): the B operand of <see cref="RunImplicitConvWeights"/>.
    /// </summary>
    public static Tensor PackConvGradient(GpuDevice gpu, DeviceBuffer dy, int dyOffset, int cout, int plane, int images)
    {
        int np = RoundUp(cout, PanelCols);
        var packed = Tensor.Empty(gpu, new Shape(checked(images * plane * np)));
        gpu.Launch1D(gpu.Kernel(File, "gemm_pack_b", "GEMM_TA=0 GEMM_TB=1"), (long)images * (np / PanelCols),
            dy, dyOffset, plane, cout * plane, packed, cout, plane, images, 1);
        return packed;
    }

    /// <summary>
    /// The weight gradient's implicit GEMM (gemm_cpu_conv_wgrad, CPU OpenCL) over a chunk of
    /// <paramref name="images"/>: dy^T packed by <see cref="PackConvGradient"/> times the padded input's columns, written
    /// as <paramref name="splits"/> partial sums of dW^T (rows x cout each) into part.
    /// </summary>
    public static void RunImplicitConvWeights(GpuDevice gpu, Tensor packedDy, int cout, int rows, Tensor padded, int xStride,
        int outH, int outW, int hp, int wp, int kh, int kw, int sh, int sw, int dh, int dw, int images, int splits, Tensor part)
    {
        int plane = outH * outW, depth = checked(images * plane), np = RoundUp(cout, PanelCols);
        if (splits < 1 || splits > depth || part.Length < (long)splits * rows * cout || packedDy.Length < (long)depth * np)
            throw new ArgumentException($"gemm: {splits} weight-gradient splits of depth {depth} into {part.Length} floats");
        int vw = CpuVectorWidth(gpu), perItem = ConvVectorsPerItem(cout, vw), blocks = (np + perItem * vw - 1) / (perItem * vw);
        int rowGroups = (RoundUp(rows, PanelRows) / PanelRows + PanelsPerGroup - 1) / PanelsPerGroup;
        KernelProfiler.DeclareFlops(2.0 * rows * cout * depth);
        // 64 channels of B per depth step: a 128-deep block keeps B's slice (32 KiB) in L1.
        string defines = $"CONV_NP={perItem} GEMM_VW={vw}" + (perItem * vw == 64 ? " GEMM_KC=128" : "");
        gpu.Launch(gpu.Kernel(File, "gemm_cpu_conv_wgrad", defines), new Dim3(blocks, rowGroups, splits), new Dim3(1),
            packedDy, padded, xStride, part, rows, cout, images, outH, outW, hp, wp, kh, kw, sh, sw, dh, dw, PanelsPerGroup, splits);
    }

    /// <summary>gemm.c's GEMM_KC: a split of the weight gradient's depth is at least one cache block deep.</summary>
    private const int GemmCpuDepthBlock = 256;

    /// <summary>
    /// Packs op(A) (M x K, one matrix) into the CPU kernel's panel layout, for products that share it over several
    /// launches (a convolution's weight over its chunks of images): pass the result with PackedA.
    /// </summary>
    public static Tensor PackA(GpuDevice gpu, GemmOperand a, int m, int k)
    {
        var packed = Tensor.Empty(gpu, new Shape(checked((int)GemmProblem.PackedAFloats(m, k))));
        gpu.Launch1D(gpu.Kernel(File, "gemm_pack_a", $"GEMM_TA={(a.Transposed ? 1 : 0)} GEMM_TB=0"), RoundUp(m, PanelRows) / PanelRows,
            a.Buffer, a.Offset, a.Ld, 0, packed, m, k, 1, 0);
        return packed;
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
        c.Device.CountFlops(2.0 * m * n * k);
        if (c.Device.Kernels is { } kernels)
        {
            kernels.Gemm(new GemmCall(m, n, k, a.Buffer, 0, transposeA ? m : k, transposeA, b.Buffer, 0, transposeB ? k : n, transposeB,
                c.Buffer, 0, n, alpha, beta));
            return;
        }
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
