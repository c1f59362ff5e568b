namespace GrnGpu.Engine.Geometry;

/// <summary>
/// One spatial axis of a sliding window (convolution or pooling): the input extent, the window and how it moves,
/// and the derived output extent and padding. Output position o covers input positions
/// o * Stride - PadBefore + j * Dilation for j in [0, Kernel).
/// </summary>
public readonly record struct WindowAxis
{
    public int In { get; }
    public int Kernel { get; }
    public int Stride { get; }
    public int Dilation { get; }
    public Padding Padding { get; }

    /// <summary>Extent of the dilated window: (Kernel - 1) * Dilation + 1.</summary>
    public int EffectiveKernel { get; }
    public int Out { get; }

    /// <summary>Implicit padding before the first input element (top or left).</summary>
    public int PadBefore { get; }

    /// <summary>Implicit padding after the last input element (bottom or right); gets the odd extra of "same".</summary>
    public int PadAfter { get; }

    /// <param name="axisName">Used only in error messages, e.g. "height".</param>
    public WindowAxis(int input, int kernel, int stride, int dilation, Padding padding, string axisName = "axis")
    {
        if (input < 1) throw new ArgumentException($"{axisName}: input size must be at least 1, got {input}.");
        if (kernel < 1) throw new ArgumentException($"{axisName}: kernel size must be at least 1, got {kernel}.");
        if (stride < 1) throw new ArgumentException($"{axisName}: stride must be at least 1, got {stride}.");
        if (dilation < 1) throw new ArgumentException($"{axisName}: dilation must be at least 1, got {dilation}.");
        if (padding is not (Padding.Same or Padding.Valid))
            throw new ArgumentException($"{axisName}: unknown padding mode {(int)padding}.");

        In = input;
        Kernel = kernel;
        Stride = stride;
        Dilation = dilation;
        Padding = padding;
        // long arithmetic so that absurd sizes are reported instead of overflowing silently.
        long effective = (long)(kernel - 1) * dilation + 1;
        if (effective > int.MaxValue) throw new ArgumentException($"{axisName}: dilated kernel extent overflows.");
        EffectiveKernel = (int)effective;

        if (padding == Padding.Valid)
        {
            if (EffectiveKernel > input)
                throw new ArgumentException(
                    $"{axisName}: 'valid' padding needs the dilated kernel extent ({EffectiveKernel} = ({kernel} - 1) * {dilation} + 1) " +
                    $"to be at most the input size ({input}).");
            Out = (input - EffectiveKernel) / stride + 1;
            PadBefore = 0;
            PadAfter = 0;
        }
        else
        {
            Out = (input + stride - 1) / stride;
            int total = Math.Max((Out - 1) * stride + EffectiveKernel - input, 0);
            PadBefore = total / 2;
            PadAfter = total - PadBefore;
        }
    }

    /// <summary>Input position read by output position <paramref name="outIndex"/> at kernel tap <paramref name="tap"/>; may be outside [0, In) (padding).</summary>
    public int InputIndex(int outIndex, int tap) => outIndex * Stride - PadBefore + tap * Dilation;
}
