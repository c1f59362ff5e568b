namespace GrnGpu.Engine.Geometry;

/// <summary>
/// A 2-D convolution in Keras/TensorFlow semantics (cross-correlation, no kernel flip).
/// Layouts: input NCHW (Batch, InChannels, InH, InW); weight OIHW (OutChannels, InChannels, KernelH, KernelW);
/// bias (OutChannels); output NCHW (Batch, OutChannels, OutH, OutW).
/// out[n,o,y,x] = bias[o] + sum_{c,i,j} in[n, c, y*StrideH - PadTop + i*DilationH, x*StrideW - PadLeft + j*DilationW] * w[o,c,i,j],
/// where positions outside the input read zero.
/// Keras itself refuses stride &gt; 1 together with dilation &gt; 1; the arithmetic here is well defined for it, so it is allowed.
/// </summary>
public sealed record Conv2dGeometry
{
    public int Batch { get; }
    public int InChannels { get; }
    public int OutChannels { get; }
    public WindowAxis Rows { get; }
    public WindowAxis Cols { get; }

    public Conv2dGeometry(
        int batch, int inChannels, int outChannels, int inH, int inW, int kernelH, int kernelW,
        int strideH = 1, int strideW = 1, int dilationH = 1, int dilationW = 1, Padding padding = Padding.Same)
    {
        if (batch < 1) throw new ArgumentException($"conv2d: batch must be at least 1, got {batch}.");
        if (inChannels < 1) throw new ArgumentException($"conv2d: input channels must be at least 1, got {inChannels}.");
        if (outChannels < 1) throw new ArgumentException($"conv2d: output channels must be at least 1, got {outChannels}.");
        Batch = batch;
        InChannels = inChannels;
        OutChannels = outChannels;
        Rows = new WindowAxis(inH, kernelH, strideH, dilationH, padding, "conv2d height");
        Cols = new WindowAxis(inW, kernelW, strideW, dilationW, padding, "conv2d width");
        _ = new NchwShape(batch, inChannels, inH, inW);   // size overflow checks
        _ = new NchwShape(batch, outChannels, Rows.Out, Cols.Out);
        _ = new NchwShape(outChannels, inChannels, kernelH, kernelW);
    }

    /// <summary>Square kernel, same stride and dilation on both axes.</summary>
    public static Conv2dGeometry Square(
        int batch, int inChannels, int outChannels, int inH, int inW, int kernel,
        int stride = 1, int dilation = 1, Padding padding = Padding.Same) =>
        new(batch, inChannels, outChannels, inH, inW, kernel, kernel, stride, stride, dilation, dilation, padding);

    public int InH => Rows.In;
    public int InW => Cols.In;
    public int KernelH => Rows.Kernel;
    public int KernelW => Cols.Kernel;
    public int StrideH => Rows.Stride;
    public int StrideW => Cols.Stride;
    public int DilationH => Rows.Dilation;
    public int DilationW => Cols.Dilation;
    public Padding Padding => Rows.Padding;
    public int OutH => Rows.Out;
    public int OutW => Cols.Out;
    public int PadTop => Rows.PadBefore;
    public int PadBottom => Rows.PadAfter;
    public int PadLeft => Cols.PadBefore;
    public int PadRight => Cols.PadAfter;

    public NchwShape InputShape => new(Batch, InChannels, InH, InW);
    public NchwShape OutputShape => new(Batch, OutChannels, OutH, OutW);

    /// <summary>OIHW weight shape, expressed as an NCHW shape with N = OutChannels, C = InChannels.</summary>
    public NchwShape WeightShape => new(OutChannels, InChannels, KernelH, KernelW);

    public int InputLength => InputShape.Length;
    public int OutputLength => OutputShape.Length;
    public int WeightLength => WeightShape.Length;
    public int BiasLength => OutChannels;
}
