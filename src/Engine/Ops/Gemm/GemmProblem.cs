using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine.Ops.Gemm;

/// <summary>
/// One operand of a device GEMM: a row-major matrix inside a buffer, element (r, c) of batch entry b at
/// Offset + b * BatchStride + r * Ld + c. Transposed means the buffer holds the operand's transpose
/// (A stored K x M, B stored N x K). A BatchStride of 0 shares one matrix across the batch.
/// </summary>
public readonly record struct GemmOperand(DeviceBuffer Buffer, int Offset, int Ld, int BatchStride = 0, bool Transposed = false)
{
    /// <summary>A whole tensor as a matrix with <paramref name="cols"/> stored columns.</summary>
    public static GemmOperand Of(Tensor t, int cols, bool transposed = false) => new(t.Buffer, 0, cols, 0, transposed);
}

/// <summary>
/// C = Alpha * op(A) * op(B) + Beta * C with op(A) M x K and op(B) K x N, for Batch entries (or, with SumBatch,
/// C = Alpha * sum_b op(A_b) op(B_b) + Beta * C). Beta == 0 never reads C. C's Transposed flag is ignored.
/// PackedB: B's buffer (from its Offset) already holds op(B) in the CPU kernel's packed panel layout (a producer
/// such as packed im2col wrote it there, saving a pass); only the CpuPacked variant accepts it.
/// PackedA: A's buffer (offset 0) holds one op(A) shared by the batch, packed by <see cref="GemmOp.PackA"/> (a
/// convolution packs its weight once for all its chunks); CpuPacked only, not with SumBatch.
/// </summary>
public sealed record GemmProblem(
    int M, int N, int K, GemmOperand A, GemmOperand B, GemmOperand C,
    float Alpha = 1f, float Beta = 0f, int Batch = 1, bool SumBatch = false, bool PackedB = false, bool PackedA = false)
{
    /// <summary>Floats of the CPU kernel's packed A of one matrix: M rounded up to 6 panel rows by the depth.</summary>
    public static long PackedAFloats(int m, int k) => (long)((m + 5) / 6 * 6) * k;

    /// <summary>Floats of the CPU kernel's packed B: per output matrix, N rounded up to 16 panel columns by the depth.</summary>
    public long PackedBFloats => (long)(SumBatch ? 1 : Batch) * ((N + 15) / 16 * 16) * (SumBatch ? (long)Batch * K : K);

    /// <summary>Arithmetic of the product: 2 flops per multiply-add.</summary>
    public double Flops => 2.0 * M * N * K * Batch;

    /// <summary>Throws ArgumentException when a size is not positive or an operand reaches past its buffer.</summary>
    public void Validate()
    {
        if (M < 1 || N < 1 || K < 1 || Batch < 1)
            throw new ArgumentException($"gemm: sizes must be at least 1, got M={M}, N={N}, K={K}, batch={Batch}");
        int outputs = SumBatch ? 1 : Batch;
        if (!PackedA) Check("A", A, A.Transposed ? K : M, A.Transposed ? M : K, Batch);
        else if (SumBatch || A.Offset != 0 || A.BatchStride != 0 || PackedAFloats(M, K) > A.Buffer.Floats)
            throw new ArgumentException($"gemm: a packed A is one shared matrix of {PackedAFloats(M, K)} floats at offset 0, without SumBatch");
        if (!PackedB) Check("B", B, B.Transposed ? N : K, B.Transposed ? K : N, Batch);
        else if (B.Offset < 0 || B.Offset + PackedBFloats > B.Buffer.Floats)
            throw new ArgumentException($"gemm: packed B needs {PackedBFloats} floats from offset {B.Offset}, its buffer has {B.Buffer.Floats}");
        Check("C", C with { Transposed = false }, M, N, outputs);
        if (C.Buffer == A.Buffer || C.Buffer == B.Buffer)
            throw new ArgumentException("gemm: C must not share a buffer with A or B");
    }

    private static void Check(string name, GemmOperand o, int rows, int cols, int batch)
    {
        if (o.Ld < cols) throw new ArgumentException($"gemm: {name} has leading dimension {o.Ld} < its {cols} stored columns");
        if (o.Offset < 0 || o.BatchStride < 0) throw new ArgumentException($"gemm: {name} has a negative offset or batch stride");
        long last = o.Offset + (long)(batch - 1) * o.BatchStride + (long)(rows - 1) * o.Ld + cols - 1;
        if (last >= o.Buffer.Floats)
            throw new ArgumentException($"gemm: {name} ({rows} x {cols}, batch {batch}) reaches float {last} of a buffer of {o.Buffer.Floats}");
    }
}
