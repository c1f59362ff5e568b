using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Gemm;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Conv2d;

/// <summary>
/// 2-D convolution (see <see cref="Conv2dGeometry"/>) forward and backward. On a kernel device each pass is
/// im2col (conv2d.c) plus <see cref="GemmOp"/>, a chunk of images at a time so that the column scratch stays
/// bounded; the bias is a separate add and its gradient a per-channel tree reduction (bias.c). On CPU OpenCL devices
/// the passes are implicit GEMMs instead where they can be (gemm.c gemm_cpu_conv and gemm_cpu_conv_wgrad: the input
/// read in place from a zero-padded copy, no im2col/col2im round trip through memory; see ImplicitForward,
/// ImplicitData and BackwardWeights). On the reference device the passes run <see cref="Conv2dRef"/>. Outputs are
/// preallocated; gradients are overwritten.
/// The optional variant picks the GEMM kernels (and with them the im2col/col2im layouts); Auto suits the device,
/// and tests force Tiled on a CPU OpenCL device to check the GPU path there.
/// </summary>
public static class Conv2dOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "conv2d";

    private const string File = "conv2d.c";

    /// <summary>
    /// Column (or padded-input) scratch per chunk of images, in floats: 4 Mi (16 MiB) by default (a small scratch keeps
    /// the buffer pool from holding large blocks that only these passes use), and at least one image's worth.
    /// Settable so that checks can force several chunks on small shapes; any value gives the same results.
    /// </summary>
    public static long ScratchFloats { get; set; } = 1L << 22;

    /// <summary>y = conv(x, w) + b.</summary>
    public static void Forward(Conv2dGeometry g, Tensor x, Tensor w, Tensor? b, Tensor y, GemmVariant variant = GemmVariant.Auto)
    {
        Check(g, "conv2d forward", x, w, b, y);
        x.Device.CountFlops(Flops(g));
        if (x.Device.Kernels is { } k)
        {
            k.Conv2d(g, x.Buffer, w.Buffer, b?.Buffer, y.Buffer);
            return;
        }
        if (x.Device is GpuDevice gpu)
        {
            int rows = g.InChannels * g.KernelH * g.KernelW, plane = g.OutH * g.OutW;
            if (ImplicitForward(gpu, g, variant))
            {
                using var packed = GemmOp.PackConvWeights(gpu, w.Buffer, g.OutChannels, rows);
                ImplicitProduct(gpu, packed, g.OutChannels, x, g.InChannels, g.InH, g.InW, y, g.OutH, g.OutW, g,
                    g.StrideH, g.StrideW, g.PadTop, g.PadLeft, b);
                return;
            }
            using var col = IsPointwise(g) ? null : Scratch(gpu, g);
            var weight = new GemmOperand(w.Buffer, 0, rows);
            using var packedW = PackWeight(gpu, g, weight, g.OutChannels, rows, variant);
            foreach (var (n0, count) in Chunks(g))
            {
                // 1x1, stride 1, no padding: the input planes already are the columns.
                var (cols, packed) = col == null
                    ? (new GemmOperand(x.Buffer, n0 * g.InChannels * plane, plane, g.InChannels * plane), false)
                    : Im2Col(gpu, g, x, n0, count, col, transposed: false, variant);
                GemmOp.Run(gpu, new GemmProblem(g.OutChannels, plane, rows,
                    packedW == null ? weight : GemmOperand.Of(packedW, rows), cols,
                    new GemmOperand(y.Buffer, n0 * g.OutChannels * plane, plane, g.OutChannels * plane), Batch: count, PackedB: packed,
                    PackedA: packedW != null), variant);
            }
            if (b != null) ChannelBiasOp.Add(gpu, y, b, g.OutChannels, plane);
            return;
        }
        RefBridge.Store(y, Conv2dRef.Forward(g, RefBridge.Load(x), RefBridge.Load(w), b == null ? null : RefBridge.Load(b)));
    }

    /// <summary>dx = dL/dx given dy = dL/dy.</summary>
    public static void BackwardData(Conv2dGeometry g, Tensor dy, Tensor w, Tensor dx, GemmVariant variant = GemmVariant.Auto)
    {
        Check(g, "conv2d backward data", dx, w, null, dy);
        dy.Device.CountFlops(Flops(g));
        if (dy.Device.Kernels is { } k)
        {
            k.Conv2dBackwardData(g, dy.Buffer, w.Buffer, dx.Buffer);
            return;
        }
        if (dy.Device is GpuDevice gpu)
        {
            int rows = g.InChannels * g.KernelH * g.KernelW, plane = g.OutH * g.OutW;
            if (ImplicitData(gpu, g, variant))
            {
                // dx = dy convolved with the flipped, channel-swapped weights, padded by the window's reach less the forward pads.
                int depth = g.OutChannels * g.KernelH * g.KernelW;
                using var flipped = Tensor.Empty(gpu, new Shape(g.WeightLength));
                gpu.Launch1D(gpu.Kernel(File, "conv_weight_flip"), g.InChannels * g.OutChannels, w, flipped, g.OutChannels, g.InChannels, g.KernelH, g.KernelW);
                using var packed = GemmOp.PackConvWeights(gpu, flipped.Buffer, g.InChannels, depth);
                ImplicitProduct(gpu, packed, g.InChannels, dy, g.OutChannels, g.OutH, g.OutW, dx, g.InH, g.InW, g, 1, 1,
                    (g.KernelH - 1) * g.DilationH - g.PadTop, (g.KernelW - 1) * g.DilationW - g.PadLeft);
                return;
            }
            using var dcol = IsPointwise(g) ? null : Scratch(gpu, g);
            var weightT = new GemmOperand(w.Buffer, 0, rows, 0, Transposed: true);
            using var packedW = PackWeight(gpu, g, weightT, rows, g.OutChannels, variant);
            foreach (var (n0, count) in Chunks(g))
            {
                // dcol = W^T dy per image; for a pointwise convolution that is dx itself.
                var target = dcol == null
                    ? new GemmOperand(dx.Buffer, n0 * g.InChannels * plane, plane, g.InChannels * plane)
                    : new GemmOperand(dcol.Buffer, 0, plane, rows * plane);
                GemmOp.Run(gpu, new GemmProblem(rows, plane, g.OutChannels,
                    packedW == null ? weightT : GemmOperand.Of(packedW, g.OutChannels),
                    new GemmOperand(dy.Buffer, n0 * g.OutChannels * plane, plane, g.OutChannels * plane),
                    target, Batch: count, PackedA: packedW != null), variant);
                if (dcol == null) continue;
                var head = new KernelArg[] { dcol, dx, n0 * g.InChannels * g.InH * g.InW, count };
                // CPU devices take the row-per-work-item gather (no per-element division); GPUs one work-item per element.
                if (CpuLayouts(gpu, variant))
                    gpu.Launch1D(gpu.Kernel(File, "col2im_rows"), (long)count * g.InChannels * g.InH, WithGeometry(g, head));
                else
                    gpu.Launch1D(gpu.Kernel(File, "col2im"), (long)count * g.InChannels * g.InH * g.InW, WithGeometry(g, head));
            }
            return;
        }
        // The reference backward also needs an input; dx does not depend on it, so zeros serve.
        var grads = Conv2dRef.Backward(g, new double[g.InputLength], RefBridge.Load(w), RefBridge.Load(dy), false);
        RefBridge.Store(dx, grads.Input);
    }

    /// <summary>dw = dL/dw and db = dL/db (when the layer has a bias) given the input x and dy = dL/dy.</summary>
    public static void BackwardWeights(Conv2dGeometry g, Tensor x, Tensor dy, Tensor dw, Tensor? db, GemmVariant variant = GemmVariant.Auto)
    {
        Check(g, "conv2d backward weights", x, dw, db, dy);
        x.Device.CountFlops(Flops(g));
        if (x.Device.Kernels is { } k)
        {
            k.Conv2dBackwardWeights(g, x.Buffer, dy.Buffer, dw.Buffer, db?.Buffer);
            return;
        }
        if (x.Device is GpuDevice gpu)
        {
            int rows = g.InChannels * g.KernelH * g.KernelW, plane = g.OutH * g.OutW;
            if (CpuLayouts(gpu, variant) && !IsPointwise(g))
            {
                ImplicitWeights(gpu, g, x, dy, dw);
                if (db != null) ChannelBiasOp.Sum(gpu, dy, db, g.Batch, g.OutChannels, plane);
                return;
            }
            using var col = IsPointwise(g) ? null : Scratch(gpu, g);
            bool first = true;
            foreach (var (n0, count) in Chunks(g))
            {
                // dW (+)= sum over the chunk's images of dy_n col_n^T; the batch is summed inside the GEMM.
                var (cols, packed) = col == null
                    ? (new GemmOperand(x.Buffer, n0 * g.InChannels * plane, plane, g.InChannels * plane), false)
                    : Im2Col(gpu, g, x, n0, count, col, transposed: true, variant);
                GemmOp.Run(gpu, new GemmProblem(g.OutChannels, rows, plane,
                    new GemmOperand(dy.Buffer, n0 * g.OutChannels * plane, plane, g.OutChannels * plane),
                    cols with { Transposed = true },
                    new GemmOperand(dw.Buffer, 0, rows), Beta: first ? 0f : 1f, Batch: count, SumBatch: true, PackedB: packed), variant);
                first = false;
            }
            if (db != null) ChannelBiasOp.Sum(gpu, dy, db, g.Batch, g.OutChannels, plane);
            return;
        }
        var grads = Conv2dRef.Backward(g, RefBridge.Load(x), new double[g.WeightLength], RefBridge.Load(dy), db != null);
        RefBridge.Store(dw, grads.Weight);
        if (db != null) RefBridge.Store(db, grads.Bias!);
    }

    /// <summary>Multiply-adds of one pass (forward, data or weight gradient) times two.</summary>
    public static double Flops(Conv2dGeometry g) =>
        2.0 * g.Batch * g.OutChannels * g.OutH * g.OutW * g.InChannels * g.KernelH * g.KernelW;

    /// <summary>
    /// Whether the forward pass runs as an implicit GEMM (gemm_cpu_conv: the input read in place, no im2col round trip
    /// through memory): where the GEMM runs its CPU kernel, not pointwise (a 1x1 stride-1 input already is its columns),
    /// and the window rows within the kernel's table.
    /// </summary>
    private static bool ImplicitForward(GpuDevice gpu, Conv2dGeometry g, GemmVariant variant) =>
        CpuLayouts(gpu, variant) && !IsPointwise(g) && Depth(g.InChannels * g.KernelH * g.KernelW);

    /// <summary>
    /// Depths the implicit kernel suits: within its table, and at least 32 window rows, because its stores are scalar
    /// (transposed) and a shallow product is all stores: the RNA model's first layer (depth 9) ran at 12 GFLOP/s
    /// implicitly, where im2col's 9 rows are cheap and the packed GEMM stores whole vectors.
    /// </summary>
    private static bool Depth(int k) => k >= 32 && k <= GemmOp.ImplicitConvMaxDepth;

    /// <summary>
    /// Whether the data gradient runs as gemm_cpu_conv on the flipped weights: as the forward, for stride 1 (a strided
    /// convolution's data gradient is no plain convolution; it takes col2im's way).
    /// </summary>
    private static bool ImplicitData(GpuDevice gpu, Conv2dGeometry g, GemmVariant variant) =>
        CpuLayouts(gpu, variant) && !IsPointwise(g) && g.StrideH == 1 && g.StrideW == 1 && Depth(g.OutChannels * g.KernelH * g.KernelW);

    /// <summary>
    /// dst (batch x n x outH x outW) = W (packed, n x inC*KH*KW) times the columns of src (batch x inC x inH x inW) seen
    /// through the window of <paramref name="g"/> at strides sh / sw with pads pt / pl: a chunk of images at a time is
    /// copied zero-padded into scratch (bounded as the column scratch, a fraction of its size per image), then
    /// gemm_cpu_conv reads the columns from it in place and adds the bias when given.
    /// </summary>
    private static void ImplicitProduct(GpuDevice gpu, Tensor packedW, int n, Tensor src, int inC, int inH, int inW,
        Tensor dst, int outH, int outW, Conv2dGeometry g, int sh, int sw, int pt, int pl, Tensor? bias = null)
    {
        var (hp, wp) = PaddedPlane(g, outH, outW, sh, sw);
        int perImage = checked(inC * hp * wp);
        int chunk = Balanced(ScratchFloats / perImage, g.Batch);
        using var padded = Tensor.Empty(gpu, new Shape(checked(chunk * perImage)));
        for (int n0 = 0; n0 < g.Batch; n0 += chunk)
        {
            int count = Math.Min(chunk, g.Batch - n0);
            Pad(gpu, src, n0 * inC * inH * inW, padded, count * inC, inH, inW, hp, wp, pt, pl);
            GemmOp.RunImplicitConv(gpu, packedW, n, inC * g.KernelH * g.KernelW, padded, perImage,
                dst.Buffer, n0 * n * outH * outW, n * outH * outW, outH, outW, hp, wp, g.KernelH, g.KernelW, sh, sw, g.DilationH, g.DilationW, count, bias);
        }
    }

    /// <summary>
    /// The padded input plane an implicit product reads for outH x outW outputs at strides sh / sw with the window of
    /// <paramref name="g"/>: exactly the rows and columns the windows reach.
    /// </summary>
    private static (int Hp, int Wp) PaddedPlane(Conv2dGeometry g, int outH, int outW, int sh, int sw) =>
        ((outH - 1) * sh + (g.KernelH - 1) * g.DilationH + 1, (outW - 1) * sw + (g.KernelW - 1) * g.DilationW + 1);

    /// <summary>Copies planes of src (from srcOffset) zero-padded into hp x wp planes of padded, the input's top-left at (pt, pl).</summary>
    private static void Pad(GpuDevice gpu, Tensor src, int srcOffset, Tensor padded, int planes, int inH, int inW, int hp, int wp, int pt, int pl)
    {
        int rows = planes * hp, per = CpuKernels.RowsPerItem(gpu, rows);
        CpuKernels.LaunchItems(gpu, gpu.Kernel(File, "pad_planes_rows"), (rows + per - 1) / per,
            src, srcOffset, padded, planes, inH, inW, hp, wp, pt, pl, per);
    }

    /// <summary>
    /// dw = sum over images of dy_n col_n^T as gemm_cpu_conv_wgrad computes it (the transposed product, the unrolled input
    /// read in place from a zero-padded copy of each chunk of images, no im2col): split partials, then conv_wgrad_reduce
    /// adds them (and, after the first chunk, the previous chunks' sum) into dw.
    /// </summary>
    private static void ImplicitWeights(GpuDevice gpu, Conv2dGeometry g, Tensor x, Tensor dy, Tensor dw)
    {
        int rows = g.InChannels * g.KernelH * g.KernelW, plane = g.OutH * g.OutW;
        var (hp, wp) = PaddedPlane(g, g.OutH, g.OutW, g.StrideH, g.StrideW);
        int perImage = checked(g.InChannels * hp * wp);
        int chunk = Balanced(ScratchFloats / Math.Max(perImage, plane * RoundUp(g.OutChannels, 16)), g.Batch);
        using var padded = Tensor.Empty(gpu, new Shape(checked(chunk * perImage)));
        // The first chunk is the deepest, so its split count bounds every later chunk's.
        using var part = Tensor.Empty(gpu, new Shape(checked(GemmOp.ImplicitWeightSplits(gpu, g.OutChannels, rows, chunk * plane) * rows * g.OutChannels)));
        for (int n0 = 0; n0 < g.Batch; n0 += chunk)
        {
            int count = Math.Min(chunk, g.Batch - n0);
            Pad(gpu, x, n0 * g.InChannels * g.InH * g.InW, padded, count * g.InChannels, g.InH, g.InW, hp, wp, g.PadTop, g.PadLeft);
            int splits = GemmOp.ImplicitWeightSplits(gpu, g.OutChannels, rows, count * plane);
            using var packedDy = GemmOp.PackConvGradient(gpu, dy.Buffer, n0 * g.OutChannels * plane, g.OutChannels, plane, count);
            GemmOp.RunImplicitConvWeights(gpu, packedDy, g.OutChannels, rows, padded, perImage,
                g.OutH, g.OutW, hp, wp, g.KernelH, g.KernelW, g.StrideH, g.StrideW, g.DilationH, g.DilationW, count, splits, part);
            ReduceWeightGradient(gpu, part, dw, 0, rows, rows, g.OutChannels, splits, accumulate: n0 > 0);
        }
    }

    /// <summary>
    /// dw (Cout rows of ldw floats from dwOffset, `rows` of them written) = or += the sum of the weight gradient's split
    /// partials (conv2d.c conv_wgrad_reduce).
    /// </summary>
    internal static void ReduceWeightGradient(GpuDevice gpu, Tensor part, Tensor dw, int dwOffset, int ldw, int rows, int cout, int splits, bool accumulate) =>
        gpu.Launch1D(gpu.Kernel(File, "conv_wgrad_reduce"), cout, part, dw, dwOffset, ldw, rows, cout, splits, accumulate ? 1 : 0);

    /// <summary>
    /// The weight operand (m x k) packed once for all chunks where the GEMM runs its CPU kernel and there is more
    /// than one chunk (otherwise the GEMM packs it itself, once); null where it is used as it is.
    /// </summary>
    private static Tensor? PackWeight(GpuDevice gpu, Conv2dGeometry g, GemmOperand weight, int m, int k, GemmVariant variant) =>
        CpuLayouts(gpu, variant) && Chunk(g) < g.Batch ? GemmOp.PackA(gpu, weight, m, k) : null;

    /// <summary>Where the GEMM runs its CPU kernel, the data-movement kernels use their CPU forms too.</summary>
    private static bool CpuLayouts(GpuDevice gpu, GemmVariant variant) => GemmOp.Resolve(gpu, variant) == GemmVariant.CpuPacked;

    /// <summary>A convolution whose columns are its input: 1x1 window, stride 1, no padding.</summary>
    private static bool IsPointwise(Conv2dGeometry g) =>
        g.KernelH == 1 && g.KernelW == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadTop == 0 && g.PadLeft == 0;

    /// <summary>
    /// Scratch floats one image's columns need in any layout: rows x positions, both rounded up to the CPU GEMM's
    /// 16-wide panels (the packed layouts pad one of them).
    /// </summary>
    private static long PerImage(Conv2dGeometry g) =>
        (long)RoundUp(g.InChannels * g.KernelH * g.KernelW, 16) * RoundUp(g.OutH * g.OutW, 16);

    private static int RoundUp(int v, int multiple) => (v + multiple - 1) / multiple * multiple;

    /// <summary>Images per chunk: as many as fit the scratch bound, at least one.</summary>
    private static int Chunk(Conv2dGeometry g) => Balanced(ScratchFloats / PerImage(g), g.Batch);

    /// <summary>
    /// Images per chunk when at most <paramref name="fit"/> fit the scratch: as few chunks as that allows, of equal
    /// size (16 + 16 rather than 30 + 2: a small last chunk runs its kernels on too little work), at least one image.
    /// </summary>
    private static int Balanced(long fit, int batch)
    {
        long most = Math.Clamp(fit, 1, batch);
        long chunks = (batch + most - 1) / most;
        return (int)((batch + chunks - 1) / chunks);
    }

    private static Tensor Scratch(GpuDevice gpu, Conv2dGeometry g) => Tensor.Empty(gpu, new Shape(checked((int)(Chunk(g) * PerImage(g)))));

    private static IEnumerable<(int First, int Count)> Chunks(Conv2dGeometry g)
    {
        int chunk = Chunk(g);
        for (int n0 = 0; n0 < g.Batch; n0 += chunk) yield return (n0, Math.Min(chunk, g.Batch - n0));
    }

    /// <summary>
    /// Unrolls images [n0, n0 + count) of x into col and returns col as the GEMM's B operand. Where the GEMM runs its
    /// CPU kernel, col is written already packed (Packed = true): per image for the forward product, or
    /// transposed and stacked over the chunk for the weight gradient's summed product.
    /// </summary>
    private static (GemmOperand Cols, bool Packed) Im2Col(GpuDevice gpu, Conv2dGeometry g, Tensor x, int n0, int count, Tensor col, bool transposed, GemmVariant variant)
    {
        int rows = g.InChannels * g.KernelH * g.KernelW, plane = g.OutH * g.OutW;
        var head = new KernelArg[] { x, n0 * g.InChannels * g.InH * g.InW, col, count };
        if (CpuLayouts(gpu, variant))
        {
            long items = transposed ? (long)(RoundUp(rows, 16) / 16) * count * g.OutH : (long)count * rows;
            gpu.Launch1D(gpu.Kernel(File, transposed ? "im2col_packed_t" : "im2col_packed"), items, WithGeometry(g, head));
            return (new GemmOperand(col.Buffer, 0, plane), true);
        }
        gpu.Launch1D(gpu.Kernel(File, "im2col"), (long)count * rows * plane, WithGeometry(g, head));
        return (new GemmOperand(col.Buffer, 0, plane, rows * plane), false);
    }

    /// <summary>The kernel arguments after the buffers, offset and image count: the geometry, padding resolved.</summary>
    private static KernelArg[] WithGeometry(Conv2dGeometry g, params KernelArg[] head) =>
    [
        .. head, g.InChannels, g.InH, g.InW, g.KernelH, g.KernelW, g.OutH, g.OutW,
        g.StrideH, g.StrideW, g.DilationH, g.DilationW, g.PadTop, g.PadLeft,
    ];

    private static void Check(Conv2dGeometry g, string op, Tensor x, Tensor w, Tensor? b, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(g);
        OpChecks.SameDevice(op, x, w, b, y);
        OpChecks.Length(op, x, g.InputLength, "input");
        OpChecks.Length(op, w, g.WeightLength, "weight");
        if (b != null) OpChecks.Length(op, b, g.BiasLength, "bias");
        OpChecks.Length(op, y, g.OutputLength, "output");
    }
}
