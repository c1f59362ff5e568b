namespace GrnGpu.Engine.Geometry;

/// <summary>
/// A 2-D pooling window over an NCHW tensor (Batch, Channels, InH, InW) -> (Batch, Channels, OutH, OutW),
/// Keras/TensorFlow semantics: with "same" padding, padded positions are never part of the result
/// (max pool: they never win).
/// </summary>
public sealed record Pool2dGeometry
{
    public int Batch { get; }
    public int Channels { get; }
    public WindowAxis Rows { get; }
    public WindowAxis Cols { get; }

    public Pool2dGeometry(
        int batch, int channels, int inH, int inW, int poolH, int poolW, int strideH, int strideW, Padding padding)
    {
        if (batch < 1) throw new ArgumentException($"pool2d: batch must be at least 1, got {batch}.");
        if (channels < 1) throw new ArgumentException($"pool2d: channels must be at least 1, got {channels}.");
        Batch = batch;
        Channels = channels;
        Rows = new WindowAxis(inH, poolH, strideH, 1, padding, "pool2d height");
        Cols = new WindowAxis(inW, poolW, strideW, 1, padding, "pool2d width");
        _ = new NchwShape(batch, channels, inH, inW);
    }

    /// <summary>Square window with equal strides, e.g. Square(n, c, h, w, 2, 2, Padding.Valid) or Square(n, c, h, w, 3, 2, Padding.Same).</summary>
    public static Pool2dGeometry Square(int batch, int channels, int inH, int inW, int pool, int stride, Padding padding) =>
        new(batch, channels, inH, inW, pool, pool, stride, stride, padding);

    public int InH => Rows.In;
    public int InW => Cols.In;
    public int PoolH => Rows.Kernel;
    public int PoolW => Cols.Kernel;
    public int StrideH => Rows.Stride;
    public int StrideW => Cols.Stride;
    public Padding Padding => Rows.Padding;
    public int OutH => Rows.Out;
    public int OutW => Cols.Out;
    public int PadTop => Rows.PadBefore;
    public int PadBottom => Rows.PadAfter;
    public int PadLeft => Cols.PadBefore;
    public int PadRight => Cols.PadAfter;

    public NchwShape InputShape => new(Batch, Channels, InH, InW);
    public NchwShape OutputShape => new(Batch, Channels, OutH, OutW);
}
