namespace GrnGpu.Kernels.MaxPool;

/// <summary>
/// A 2-D pooling window over Planes = N * C planes of InH x InW (the engine's Pool2dGeometry in ints): output (oy, ox)
/// covers input rows oy * StrideH - PadTop + i (i &lt; PoolH) and columns ox * StrideW - PadLeft + j (j &lt; PoolW);
/// positions outside the input are padding.
/// </summary>
public readonly record struct PoolWindow(int Planes, int InH, int InW, int OutH, int OutW, int PoolH, int PoolW, int StrideH, int StrideW,
    int PadTop, int PadLeft)
{
    /// <summary>The first output column whose window starts inside the row.</summary>
    public int InteriorBegin => Math.Min(OutW, (PadLeft + StrideW - 1) / StrideW);

    /// <summary>The end of the output columns whose windows lie wholly inside the row (from <see cref="InteriorBegin"/>).</summary>
    public int InteriorEnd => InW + PadLeft - PoolW < 0
        ? InteriorBegin
        : Math.Max(InteriorBegin, Math.Min(OutW, (InW + PadLeft - PoolW) / StrideW + 1));
}
