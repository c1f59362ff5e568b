using GrnGpu.Engine.Autograd;
using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Concat;
using GrnGpu.Engine.Ops.Gemm;
using GrnGpu.Engine.Ops.Shared;
using static GrnGpu.Engine.Autograd.Grads;

namespace GrnGpu.Engine.Ops.Conv2d;

/// <summary>
/// A fused form (called through <see cref="F"/>): Conv2d(Concat(xs), w, b) for a 1x1, stride-1 convolution, with the
/// chain's values and gradients but without the concatenated tensor. A pointwise convolution of a concatenation is a
/// sum of products, one per input, each with its slice of w's input channels: y = sum_i w[:, slice i] x_i + b, so on a
/// kernel device each input is one GEMM (A = w at the slice's column offset, leading dimension the total channels)
/// accumulating into y, and the backward pass the matching transposed GEMMs. ASPP's projection is the case: SDINet's
/// five 128-channel branches at 32 x 80 made a 210 MB concatenation at batch 32, kept for the weight gradient, while
/// the branches themselves are kept anyway. On CPU OpenCL devices the products are the implicit convolution kernels as
/// 1x1 layers (no packing of the inputs, no padding); the reference device runs the chain itself.
/// </summary>
internal static class ConcatConvAutograd
{
    /// <summary>The tape and profiler name of the fused form.</summary>
    public const string FusedName = "concat_conv1x1";

    public static Variable ConcatConv1x1(Variable[] xs, Variable w, Variable? b)
    {
        if (xs.Length == 0) throw new ArgumentException("concat conv1x1: no inputs");
        SameDevice("concat conv1x1", [.. xs, w, b]);
        var first = xs[0].Shape;
        int channels = 0;
        foreach (var x in xs)
        {
            if (x.Shape.Rank != 4 || x.Shape.N != first.N || x.Shape.H != first.H || x.Shape.W != first.W)
                throw new ArgumentException($"concat conv1x1: {x.Shape} does not match {first} outside the channel axis");
            channels += x.Shape.C;
        }
        if (w.Shape.Rank != 4 || w.Shape[1] != channels || w.Shape[2] != 1 || w.Shape[3] != 1)
            throw new ArgumentException($"concat conv1x1: weight {w.Shape} is not a 1x1 kernel over {channels} channels");
        int cout = w.Shape[0], plane = first.H * first.W, n = first.N;
        var y = Tensor.Empty(w.Device, new Shape(n, cout, first.H, first.W));
        var g = new Conv2dGeometry(n, channels, cout, first.H, first.W, 1, 1, 1, 1, 1, 1, Padding.Same);
        // The reference device runs the chain itself, whose convolution counts its own.
        bool fused = y.Device.Kernels != null;
        if (fused) y.Device.CountFlops(Conv2dOp.Flops(g));
        if (y.Device.Kernels is { } k)
        {
            // One product per input with its slice of w's columns, accumulating into y; the bias after.
            int offset = 0;
            foreach (var x in xs)
            {
                int c = x.Shape.C;
                k.Gemm(new GemmCall(cout, plane, c, w.Value.Buffer, offset, channels, false, x.Value.Buffer, 0, plane, false, y.Buffer, 0, plane,
                    Beta: offset == 0 ? 0f : 1f, Batch: n, StrideB: (long)c * plane, StrideC: (long)cout * plane));
                offset += c;
            }
            if (b != null) k.AddChannelBias(y.Buffer, b.Value.Buffer, cout, plane);
        }
        else
        {
            using var joined = Joined(xs, g);
            Conv2dOp.Forward(g, joined, w.Value, b?.Value, y);
        }
        Variable[] inputs = b == null ? [.. xs, w] : [.. xs, w, b];
        return Tape.Output(FusedName, y, inputs, dy =>
        {
            var grads = new Tensor?[inputs.Length];
            Tensor? dw = w.RequiresGrad ? Like(w) : null;
            if (fused) dy.Device.CountFlops(Conv2dOp.Flops(g) * ((dw != null ? 1 : 0) + (xs.Any(x => x.RequiresGrad) ? 1 : 0)));
            if (dy.Device.Kernels is { } k)
            {
                int offset = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    int c = xs[i].Shape.C;
                    if (xs[i].RequiresGrad)
                    {
                        var dx = Like(xs[i]);
                        k.Gemm(new GemmCall(c, plane, cout, w.Value.Buffer, offset, channels, true, dy.Buffer, 0, plane, false, dx.Buffer, 0, plane,
                            Batch: n, StrideB: (long)cout * plane, StrideC: (long)c * plane));
                        grads[i] = dx;
                    }
                    if (dw != null)
                        k.Gemm(new GemmCall(cout, c, plane, dy.Buffer, 0, plane, false, xs[i].Value.Buffer, 0, plane, true, dw.Buffer, offset, channels,
                            Batch: n, StrideA: (long)cout * plane, StrideB: (long)c * plane, SumBatch: true));
                    offset += c;
                }
                if (b is { RequiresGrad: true })
                {
                    var db = Like(b);
                    k.ChannelBiasSum(dy.Buffer, db.Buffer, n, cout, plane);
                    grads[^1] = db;
                }
            }
            else
            {
                using var joined = Joined(xs, g);
                using var dJoined = Tensor.Empty(dy.Device, joined.Shape);
                Conv2dOp.BackwardData(g, dy, w.Value, dJoined);
                var dxs = xs.Select(Like).ToArray();
                ConcatOp.Backward(dJoined, dxs);
                for (int i = 0; i < xs.Length; i++)
                {
                    if (xs[i].RequiresGrad) grads[i] = dxs[i];
                    else dxs[i].Dispose();
                }
                var db = b is { RequiresGrad: true } ? Like(b) : null;
                if (dw != null || db != null)
                {
                    using var dwAll = dw == null ? Tensor.Empty(dy.Device, w.Shape) : null;
                    Conv2dOp.BackwardWeights(g, joined, dy, dw ?? dwAll!, db);
                }
                if (db != null) grads[^1] = db;
            }
            grads[xs.Length] = dw;
            return grads;
        });
    }

    /// <summary>The concatenation itself (the reference device's way, which keeps no tensor past the call).</summary>
    private static Tensor Joined(Variable[] xs, Conv2dGeometry g)
    {
        var joined = Tensor.Empty(xs[0].Device, new Shape(g.Batch, g.InChannels, g.InH, g.InW));
        ConcatOp.Forward(xs.Select(x => x.Value).ToArray(), joined);
        return joined;
    }
}
