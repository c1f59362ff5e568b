namespace GrnGpu.Engine.Geometry;

/// <summary>Keras/TensorFlow padding modes for convolution and pooling windows.</summary>
public enum Padding
{
    /// <summary>No padding: only windows that fit entirely inside the input; out = floor((in - effectiveKernel) / stride) + 1.</summary>
    Valid,

    /// <summary>
    /// TensorFlow "SAME": out = ceil(in / stride); total pad = max((out - 1) * stride + effectiveKernel - in, 0),
    /// before (top/left) = total / 2, the odd extra goes after (bottom/right).
    /// </summary>
    Same,
}
