namespace GrnGpu.Engine.Geometry;

/// <summary>
/// Shape of a dense NCHW tensor (batch first, then channels, rows, columns; columns contiguous).
/// A (N, C) matrix is (N, C, 1, 1).
/// </summary>
public readonly record struct NchwShape
{
    public int N { get; }
    public int C { get; }
    public int H { get; }
    public int W { get; }

    public NchwShape(int n, int c, int h = 1, int w = 1)
    {
        if (n < 1 || c < 1 || h < 1 || w < 1)
            throw new ArgumentException($"Every dimension of an NCHW shape must be at least 1, got ({n}, {c}, {h}, {w}).");
        if ((long)n * c * h * w > int.MaxValue)
            throw new ArgumentException($"NCHW shape ({n}, {c}, {h}, {w}) has more than int.MaxValue elements.");
        N = n;
        C = c;
        H = h;
        W = w;
    }

    /// <summary>Number of elements N*C*H*W.</summary>
    public int Length => N * C * H * W;

    /// <summary>Elements per (n, c) plane: H*W.</summary>
    public int PlaneSize => H * W;

    /// <summary>Flat index of element (n, c, y, x).</summary>
    public int Index(int n, int c, int y, int x) => ((n * C + c) * H + y) * W + x;

    public override string ToString() => $"({N}, {C}, {H}, {W})";
}
