namespace GrnGpu.Kernels.Conv2d;

/// <summary>
/// A convolution's sizes as the kernels take them (the Engine's Conv2dGeometry, flattened): NCHW input, OIHW weights,
/// cross-correlation with stride, dilation and the leading pads of its (possibly asymmetric) padding.
/// </summary>
public readonly record struct ConvShape(int Batch, int InChannels, int OutChannels, int InH, int InW, int OutH, int OutW,
    int KernelH, int KernelW, int StrideH, int StrideW, int DilationH, int DilationW, int PadTop, int PadLeft)
{
    /// <summary>Window taps per output: the forward product's depth and the weight matrix's row length.</summary>
    public int Depth => InChannels * KernelH * KernelW;
    public int InPlane => InH * InW;
    public int OutPlane => OutH * OutW;

    /// <summary>A 1x1 window at stride 1 with no padding: the input planes already are the window matrix.</summary>
    public bool Pointwise => KernelH == 1 && KernelW == 1 && StrideH == 1 && StrideW == 1 && PadTop == 0 && PadLeft == 0;

    /// <summary>The windows the forward pass and the weight gradient read from the input.</summary>
    internal ConvWindow Windows => new(InChannels, InH, InW, OutW, KernelH, KernelW, StrideH, StrideW, DilationH, DilationW, PadTop, PadLeft);

    /// <summary>
    /// For stride 1, the windows of the output gradient whose product with the flipped weights is the input gradient:
    /// dx[c, y, x] = sum dy[o, y + PadTop - i*dh, x + PadLeft - j*dw] w[o, c, i, j], i.e. windows over dy padded by
    /// the window's reach less the forward pads, taps in flipped order.
    /// </summary>
    internal ConvWindow GradientWindows => new(OutChannels, OutH, OutW, InW, KernelH, KernelW, 1, 1, DilationH, DilationW,
        (KernelH - 1) * DilationH - PadTop, (KernelW - 1) * DilationW - PadLeft);
}
