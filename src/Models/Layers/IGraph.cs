using GrnGpu.Engine;
using GrnGpu.Engine.Geometry;

namespace GrnGpu.Models.Layers;

/// <summary>
/// The operations a network's topology is written in. A network describes itself once, against this interface;
/// <see cref="ShapeGraph"/> runs it on shapes (summary, shape checks without a device) and the autograd graph runs it
/// on variables (training and inference). Every op carries a name: the summary row, and the dropout seed's salt.
/// Image tensors are NCHW, feature vectors (N, C).
/// </summary>
public interface IGraph<T>
{
    Shape ShapeOf(T x);

    /// <summary>'same'-padded convolution with the layer's kernel, stride, dilation and bias.</summary>
    T Conv2d(Conv2dLayer layer, T x);

    /// <summary>Batch norm: batch statistics and moving-average update in training, moving statistics in inference.</summary>
    T BatchNorm(BatchNormLayer layer, T x);

    /// <summary>(N, in) -> (N, out).</summary>
    T Dense(DenseLayer layer, T x);

    T Relu(string name, T x);
    T Sigmoid(string name, T x);
    T Add(string name, T a, T b);

    /// <summary>Relu(BatchNorm(x)), which a graph may run as one op (the summary still shows both layers).</summary>
    T BatchNormRelu(BatchNormLayer layer, string reluName, T x) => Relu(reluName, BatchNorm(layer, x));

    /// <summary>
    /// Relu(Add(BatchNorm(x), shortcut())), the residual block's end, which a graph may run as one op; the shortcut is a
    /// function so that it is built after the batch norm layer, in the summary's order, when the ops run one by one.
    /// </summary>
    T BatchNormAddRelu(BatchNormLayer layer, string addName, string reluName, T x, Func<T> shortcut)
    {
        var y = BatchNorm(layer, x);
        return Relu(reluName, Add(addName, y, shortcut()));
    }

    /// <summary>
    /// Conv2d(layer, Concat(concatName, xs)) for a 1x1 layer, which a graph may run without the concatenated tensor
    /// (the summary still shows both layers).
    /// </summary>
    T ConcatConv1x1(string concatName, Conv2dLayer layer, params T[] xs) => Conv2d(layer, Concat(concatName, xs));

    /// <summary>Concatenation along the channel axis, of (N, C) or of (N, C, H, W) tensors.</summary>
    T Concat(string name, params T[] xs);

    /// <summary>(N, C, H, W) times a per-sample, per-channel factor (N, C).</summary>
    T ChannelScale(string name, T x, T scale);

    /// <summary>(N, C) -> (N, C, H, W), every position holding its channel's value.</summary>
    T Broadcast(string name, T s, int height, int width);

    T MaxPool(string name, T x, int pool, int stride, Padding padding);

    /// <summary>The same values in another shape with the same batch and element count (Keras' Reshape).</summary>
    T Reshape(string name, T x, Shape shape);

    /// <summary>(N, C, H, W) -> (N, C), the mean over H and W.</summary>
    T GlobalAvgPool(string name, T x);

    /// <summary>Inverted dropout in training (kept values scaled by 1 / (1 - rate)); identity in inference.</summary>
    T Dropout(string name, T x, double rate);
}
