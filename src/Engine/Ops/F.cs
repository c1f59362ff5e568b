using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Activation;
using GrnGpu.Engine.Ops.Add;
using GrnGpu.Engine.Ops.BatchNorm;
using GrnGpu.Engine.Ops.BinaryCrossEntropy;
using GrnGpu.Engine.Ops.Broadcast;
using GrnGpu.Engine.Ops.ChannelScale;
using GrnGpu.Engine.Ops.Concat;
using GrnGpu.Engine.Ops.Conv2d;
using GrnGpu.Engine.Ops.Dense;
using GrnGpu.Engine.Ops.Dropout;
using GrnGpu.Engine.Ops.GlobalAvgPool;
using GrnGpu.Engine.Ops.MaxPool;

namespace GrnGpu.Engine.Ops;

/// <summary>
/// The ops with autograd, one line each: every op's rule lives in its folder (Ops/&lt;Op&gt;/&lt;Op&gt;Autograd.cs) beside
/// its launcher, reference and checks. Each computes its forward with the op launchers (GPU kernels, or the reference
/// on cpu-ref), and, when a recording tape is open and an input needs a gradient, records how to compute the inputs'
/// gradients from the output's. Shapes are NCHW, or (N, C) for features.
/// </summary>
public static class F
{
    /// <summary>The tape's and profiler's name of <see cref="Reshape"/> (a view: no kernel, no launcher).</summary>
    public const string ReshapeName = "reshape";

    public static Variable Relu(Variable x) => ActivationAutograd.Relu(x);

    public static Variable Sigmoid(Variable x) => ActivationAutograd.Sigmoid(x);

    /// <summary>Element-wise sum (residual connections).</summary>
    public static Variable Add(Variable a, Variable b) => AddAutograd.Add(a, b);

    /// <summary>Concatenation along the channel axis of (N, C, H, W) or (N, C) tensors.</summary>
    public static Variable Concat(params Variable[] xs) => ConcatAutograd.Concat(xs);

    /// <summary>Squeeze-excitation's channel-wise multiply: x (N, C, H, W) times s (N, C).</summary>
    public static Variable ChannelScale(Variable x, Variable s) => ChannelScaleAutograd.ChannelScale(x, s);

    /// <summary>Spatial broadcast of (N, C) to (N, C, H, W) (ASPP's image-pool branch).</summary>
    public static Variable Broadcast(Variable s, int h, int w) => BroadcastAutograd.Broadcast(s, h, w);

    /// <summary>The same values in a new shape (a view of the same storage; the gradient is reshaped back).</summary>
    public static Variable Reshape(Variable x, Shape shape)
    {
        if (shape.Size != x.Shape.Size) throw new ArgumentException($"reshape: cannot view {x.Shape} as {shape}");
        return Tape.Output(ReshapeName, x.Value.Reshape(shape), [x], dy => [dy.Reshape(x.Shape)]);
    }

    /// <summary>Max pooling (Keras semantics: padding never wins).</summary>
    public static Variable MaxPool(Variable x, int pool, int stride, Padding padding) => MaxPoolAutograd.MaxPool(x, pool, stride, padding);

    /// <summary>Global average pooling (N, C, H, W) -> (N, C).</summary>
    public static Variable GlobalAvgPool(Variable x) => GlobalAvgPoolAutograd.GlobalAvgPool(x);

    /// <summary>
    /// Batch normalisation over N, H, W per channel (or over N for (N, C)). In a training tape: batch
    /// statistics, and the running statistics move towards them (Keras momentum); otherwise the running
    /// statistics normalise.
    /// </summary>
    public static Variable BatchNorm(Variable x, Variable gamma, Variable beta, Parameter runningMean, Parameter runningVariance, BatchNormSettings settings) =>
        BatchNormAutograd.BatchNorm(x, gamma, beta, runningMean, runningVariance, settings);

    /// <summary>ReLU(BatchNorm(x)) in one op: the values and gradients of the chain, one tensor recorded.</summary>
    public static Variable BatchNormRelu(Variable x, Variable gamma, Variable beta, Parameter runningMean, Parameter runningVariance, BatchNormSettings settings) =>
        BatchNormFusedAutograd.BatchNormRelu(x, gamma, beta, runningMean, runningVariance, settings);

    /// <summary>ReLU(BatchNorm(x) + residual) in one op: a residual block's end.</summary>
    public static Variable BatchNormAddRelu(Variable x, Variable residual, Variable gamma, Variable beta, Parameter runningMean, Parameter runningVariance,
        BatchNormSettings settings) =>
        BatchNormFusedAutograd.BatchNormAddRelu(x, residual, gamma, beta, runningMean, runningVariance, settings);

    /// <summary>
    /// The tape and profiler names of the fused forms. Their values and gradients are checked against the chains they
    /// replace (whose ops the catalog checks against the reference), so they have no catalog checks of their own.
    /// </summary>
    public static readonly IReadOnlyList<string> FusedNames = [BatchNormFusedAutograd.ReluName, BatchNormFusedAutograd.AddReluName, AddReluOp.FusedName, ConcatConvAutograd.FusedName];

    /// <summary>ReLU(a + b) in one op.</summary>
    public static Variable AddRelu(Variable a, Variable b) => AddReluAutograd.AddRelu(a, b);

    /// <summary>Inverted dropout in a training tape (mask from <see cref="DropoutMask"/> and the seed); identity otherwise.</summary>
    public static Variable Dropout(Variable x, double rate, uint seed) => DropoutAutograd.Dropout(x, rate, seed);

    /// <summary>
    /// Binary cross-entropy of probabilities against 0/1 labels, clipped as Keras does (epsilon 1e-7), mean
    /// over the batch; a scalar (shape (1)).
    /// </summary>
    public static Variable BinaryCrossEntropy(Variable p, Tensor labels, double labelSmoothing = 0) =>
        BinaryCrossEntropyAutograd.BinaryCrossEntropy(p, labels, labelSmoothing);

    /// <summary>2-D convolution; kernel size from w (OIHW); Keras "same" or "valid" padding.</summary>
    public static Variable Conv2d(Variable x, Variable w, Variable? b, int stride = 1, int dilation = 1, Padding padding = Padding.Same) =>
        Conv2dAutograd.Conv2d(x, w, b, stride, dilation, padding);

    /// <summary>Conv2d(Concat(xs), w, b) for a 1x1 kernel, in one op: the values and gradients of the chain without the concatenated tensor.</summary>
    public static Variable ConcatConv1x1(Variable[] xs, Variable w, Variable? b) => ConcatConvAutograd.ConcatConv1x1(xs, w, b);

    /// <summary>Dense layer: x (N, in), w (out, in), y = x w^T + b.</summary>
    public static Variable Dense(Variable x, Variable w, Variable? b) => DenseAutograd.Dense(x, w, b);
}
