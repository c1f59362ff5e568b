using GrnGpu.Engine.Ops;

namespace GrnGpu.Engine.Autograd;

/// <summary>
/// The ops with autograd: each computes its forward with the op launchers (GPU kernels, or the reference on
/// cpu-ref), and, when a recording tape is open and an input needs a gradient, records how to compute the
/// inputs' gradients from the output's. Shapes are NCHW, or (N, C) for features.
/// </summary>
public static partial class F
{
    private static Tensor Like(Variable v) => Tensor.Empty(v.Device, v.Shape);
    private static Tensor? IfNeeded(Variable? v) => v is { RequiresGrad: true } ? Like(v) : null;

    private static void SameDevice(string op, params Variable?[] vs) =>
        OpChecks.SameDevice(op, vs.Select(v => v?.Value).ToArray());

    public static Variable Relu(Variable x)
    {
        var y = Like(x);
        ReluOp.Forward(x.Value, y);
        return Tape.Output("relu", y, [x], dy =>
        {
            var dx = Like(x);
            ReluOp.Backward(x.Value, dy, dx);
            return [dx];
        });
    }

    public static Variable Sigmoid(Variable x)
    {
        var y = Like(x);
        SigmoidOp.Forward(x.Value, y);
        return Tape.Output("sigmoid", y, [x], dy =>
        {
            var dx = Like(x);
            SigmoidOp.Backward(y, dy, dx);
            return [dx];
        });
    }

    /// <summary>Element-wise sum (residual connections).</summary>
    public static Variable Add(Variable a, Variable b)
    {
        SameDevice("add", a, b);
        if (a.Shape != b.Shape) throw new ArgumentException($"add: shapes {a.Shape} and {b.Shape} differ");
        var y = Like(a);
        AddOp.Forward(a.Value, b.Value, y);
        return Tape.Output("add", y, [a, b], dy =>
        {
            var da = IfNeeded(a);
            var db = IfNeeded(b);
            if (da != null) a.Device.Copy(dy.Buffer, 0, da.Buffer, 0, dy.Length);
            if (db != null) b.Device.Copy(dy.Buffer, 0, db.Buffer, 0, dy.Length);
            return [da, db];
        });
    }

    /// <summary>Concatenation along the channel axis of (N, C, H, W) or (N, C) tensors.</summary>
    public static Variable Concat(params Variable[] xs)
    {
        if (xs.Length == 0) throw new ArgumentException("concat: no inputs");
        SameDevice("concat", xs);
        var first = xs[0].Shape;
        foreach (var v in xs)
            if (v.Shape.Rank != first.Rank || v.Shape[0] != first[0] || (first.Rank == 4 && (v.Shape.H != first.H || v.Shape.W != first.W)))
                throw new ArgumentException($"concat: {v.Shape} does not match {first} outside the channel axis");
        int channels = xs.Sum(v => v.Shape[1]);
        var shape = first.Rank == 4 ? new Shape(first.N, channels, first.H, first.W) : new Shape(first.N, channels);
        var y = Tensor.Empty(xs[0].Device, shape);
        ConcatOp.Forward(xs.Select(v => v.Value).ToArray(), y);
        return Tape.Output("concat", y, xs, dy =>
        {
            var grads = xs.Select(Like).ToArray();
            ConcatOp.Backward(dy, grads);
            var result = new Tensor?[xs.Length];
            for (int i = 0; i < xs.Length; i++)
            {
                if (xs[i].RequiresGrad) result[i] = grads[i];
                else grads[i].Dispose();
            }
            return result;
        });
    }

    /// <summary>Squeeze-excitation's channel-wise multiply: x (N, C, H, W) times s (N, C).</summary>
    public static Variable ChannelScale(Variable x, Variable s)
    {
        SameDevice("channel scale", x, s);
        if (x.Shape.Rank != 4 || s.Shape.Rank != 2 || s.Shape[0] != x.Shape.N || s.Shape[1] != x.Shape.C)
            throw new ArgumentException($"channel scale: {x.Shape} and {s.Shape} do not match ((N, C, H, W) and (N, C))");
        var y = Like(x);
        ChannelScaleOp.Forward(x.Value, s.Value, y);
        return Tape.Output("channel_scale", y, [x, s], dy =>
        {
            var dx = Like(x);
            var ds = Like(s);
            ChannelScaleOp.Backward(x.Value, s.Value, dy, dx, ds);
            return [dx, ds];
        });
    }

    /// <summary>Spatial broadcast of (N, C) to (N, C, H, W) (ASPP's image-pool branch).</summary>
    public static Variable Broadcast(Variable s, int h, int w)
    {
        if (s.Shape.Rank != 2) throw new ArgumentException($"broadcast: expected (N, C), got {s.Shape}");
        var y = Tensor.Empty(s.Device, new Shape(s.Shape[0], s.Shape[1], h, w));
        BroadcastOp.Forward(s.Value, y);
        return Tape.Output("broadcast", y, [s], dy =>
        {
            var ds = Like(s);
            BroadcastOp.Backward(dy, ds);
            return [ds];
        });
    }

    /// <summary>The same values in a new shape (a view of the same storage; the gradient is reshaped back).</summary>
    public static Variable Reshape(Variable x, Shape shape)
    {
        if (shape.Size != x.Shape.Size) throw new ArgumentException($"reshape: cannot view {x.Shape} as {shape}");
        return Tape.Output("reshape", x.Value.Reshape(shape), [x], dy => [dy.Reshape(x.Shape)]);
    }

    /// <summary>Max pooling (Keras semantics: padding never wins).</summary>
    public static Variable MaxPool(Variable x, int pool, int stride, Padding padding)
    {
        if (x.Shape.Rank != 4) throw new ArgumentException($"max pool: expected NCHW, got {x.Shape}");
        var g = Pool2dGeometry.Square(x.Shape.N, x.Shape.C, x.Shape.H, x.Shape.W, pool, stride, padding);
        var shape = new Shape(g.Batch, g.Channels, g.OutH, g.OutW);
        var y = Tensor.Empty(x.Device, shape);
        var taps = Tensor.Empty(x.Device, shape);
        MaxPoolOp.Forward(g, x.Value, y, taps);
        Tape.Saved(taps);
        return Tape.Output("max_pool", y, [x], dy =>
        {
            var dx = Like(x);
            MaxPoolOp.Backward(g, taps, dy, dx);
            return [dx];
        });
    }

    /// <summary>Global average pooling (N, C, H, W) -> (N, C).</summary>
    public static Variable GlobalAvgPool(Variable x)
    {
        if (x.Shape.Rank != 4) throw new ArgumentException($"global average pool: expected NCHW, got {x.Shape}");
        var y = Tensor.Empty(x.Device, new Shape(x.Shape.N, x.Shape.C));
        GlobalAvgPoolOp.Forward(x.Value, y);
        return Tape.Output("global_avg_pool", y, [x], dy =>
        {
            var dx = Like(x);
            GlobalAvgPoolOp.Backward(dy, dx);
            return [dx];
        });
    }

    /// <summary>
    /// Batch normalisation over N, H, W per channel (or over N for (N, C)). In a training tape: batch
    /// statistics, and the running statistics move towards them (Keras momentum); otherwise the running
    /// statistics normalise.
    /// </summary>
    public static Variable BatchNorm(Variable x, Variable gamma, Variable beta, Parameter runningMean, Parameter runningVariance, BatchNormSettings settings)
    {
        SameDevice("batch norm", x, gamma, beta, runningMean, runningVariance);
        int channels = x.Shape[1];
        foreach (var p in new Variable[] { gamma, beta, runningMean, runningVariance })
            if (p.Value.Length != channels) throw new ArgumentException($"batch norm: {p} does not have {channels} elements for input {x.Shape}");
        var y = Like(x);
        bool training = Tape.Current?.Training ?? false;
        if (!training)
        {
            BatchNormOp.ForwardInference(x.Value, gamma.Value, beta.Value, runningMean.Value, runningVariance.Value, y, settings);
            return Tape.Output("batch_norm", y, [x, gamma, beta], dy =>
            {
                var dx = Like(x);
                var dGamma = Like(gamma);
                var dBeta = Like(beta);
                BatchNormOp.BackwardInference(x.Value, gamma.Value, runningMean.Value, runningVariance.Value, dy, dx, dGamma, dBeta, settings);
                return [dx, dGamma, dBeta];
            });
        }
        var mean = Tensor.Empty(x.Device, gamma.Shape);
        var variance = Tensor.Empty(x.Device, gamma.Shape);
        BatchNormOp.ForwardTraining(x.Value, gamma.Value, beta.Value, y, mean, variance, settings);
        BatchNormOp.UpdateRunningStatistics(x.Value, mean, variance, runningMean.Value, runningVariance.Value, settings);
        Tape.Saved(mean);
        Tape.Saved(variance);
        return Tape.Output("batch_norm", y, [x, gamma, beta], dy =>
        {
            var dx = Like(x);
            var dGamma = Like(gamma);
            var dBeta = Like(beta);
            BatchNormOp.BackwardTraining(x.Value, gamma.Value, mean, variance, dy, dx, dGamma, dBeta, settings);
            return [dx, dGamma, dBeta];
        });
    }

    /// <summary>Inverted dropout in a training tape (mask from <see cref="DropoutMask"/> and the seed); identity otherwise.</summary>
    public static Variable Dropout(Variable x, double rate, uint seed)
    {
        bool training = Tape.Current?.Training ?? false;
        var y = Like(x);
        DropoutOp.Forward(x.Value, y, rate, seed, training);
        return Tape.Output("dropout", y, [x], dy =>
        {
            var dx = Like(x);
            DropoutOp.Backward(dy, dx, rate, seed, training);
            return [dx];
        });
    }

    /// <summary>
    /// Binary cross-entropy of probabilities against 0/1 labels, clipped as Keras does (epsilon 1e-7), mean
    /// over the batch; a scalar (shape (1)).
    /// </summary>
    public static Variable BinaryCrossEntropy(Variable p, Tensor labels, double labelSmoothing = 0)
    {
        OpChecks.SameDevice("binary cross-entropy", p.Value, labels);
        if (labels.Length != p.Value.Length) throw new ArgumentException($"binary cross-entropy: {labels.Length} labels for {p.Shape} probabilities");
        var loss = Tensor.Empty(p.Device, new Shape(1));
        BinaryCrossEntropyOp.Forward(p.Value, labels, loss, labelSmoothing);
        return Tape.Output("binary_cross_entropy", loss, [p], dLoss =>
        {
            // d(mean loss)/dp times the upstream gradient (1 at the tape's root), scaled on the device: no host read.
            var dp = Like(p);
            BinaryCrossEntropyOp.Backward(p.Value, labels, dp, labelSmoothing, dLoss);
            return [dp];
        });
    }
}
