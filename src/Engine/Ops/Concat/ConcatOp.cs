using GrnGpu.Engine.Devices;
using GrnGpu.Engine.Geometry;
using GrnGpu.Engine.Ops.Shared;

namespace GrnGpu.Engine.Ops.Concat;

/// <summary>
/// Channel concatenation of k NCHW (or (N, C)) tensors sharing N, H, W (Keras Concatenate on the channel axis), and its
/// backward, the split of the output gradient into the inputs' channel slices. On a GPU each input is one copy_blocks
/// launch: sample n's C_i*H*W values are one contiguous block on both sides.
/// </summary>
internal static class ConcatOp
{
    /// <summary>The op's one name: the tape's, the profiler's, the checks' and `grn gradcheck --op`'s.</summary>
    public const string Name = "concat";

    /// <summary>output = concat(inputs) on axis 1; output's shape is (N, sum C_i, H, W) or (N, sum C_i).</summary>
    public static void Forward(IReadOnlyList<Tensor> inputs, Tensor output)
    {
        var g = Geometry("concat", inputs, output);
        if (Copier(output.Device) is { } copy)
        {
            int plane = g.H * g.W, outStride = g.TotalChannels * plane;
            for (int k = 0; k < g.Count; k++)
            {
                int block = g.Channels[k] * plane;
                copy(inputs[k].Buffer, block, 0, output.Buffer, outStride, g.ChannelOffset(k) * plane, block, g.Batch);
            }
            return;
        }
        RefBridge.Store(output, ConcatRef.Forward(g, inputs.Select(RefBridge.Load).ToArray()));
    }

    /// <summary>inputGrads[i] = the channel slice of <paramref name="outputGrad"/> that input i filled.</summary>
    public static void Backward(Tensor outputGrad, IReadOnlyList<Tensor> inputGrads)
    {
        var g = Geometry("concat backward", inputGrads, outputGrad);
        if (Copier(outputGrad.Device) is { } copy)
        {
            int plane = g.H * g.W, outStride = g.TotalChannels * plane;
            for (int k = 0; k < g.Count; k++)
            {
                int block = g.Channels[k] * plane;
                copy(outputGrad.Buffer, outStride, g.ChannelOffset(k) * plane, inputGrads[k].Buffer, block, 0, block, g.Batch);
            }
            return;
        }
        double[][] grads = ConcatRef.Backward(g, RefBridge.Load(outputGrad));
        for (int k = 0; k < g.Count; k++) RefBridge.Store(inputGrads[k], grads[k]);
    }

    private delegate void BlockCopy(DeviceBuffer src, int srcStride, int srcOffset, DeviceBuffer dst, int dstStride, int dstOffset, int block, int blocks);

    /// <summary>The device's strided block copy (its kernel set's); null on the reference device.</summary>
    private static BlockCopy? Copier(ComputeDevice device) => device.Kernels is { } kernels ? kernels.CopyBlocks : null;

    private static ConcatGeometry Geometry(string op, IReadOnlyList<Tensor> parts, Tensor whole)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException($"{op}: needs at least one input");
        OpChecks.SameDevice(op, [whole, .. parts]);
        var first = TensorLayout.Nchw(parts[0], op);
        var channels = new List<int>();
        foreach (var t in parts)
        {
            var s = TensorLayout.Nchw(t, op);
            if (t.Shape.Rank != whole.Shape.Rank || s.N != first.N || s.H != first.H || s.W != first.W)
                throw new ArgumentException($"{op}: input {t.Shape} does not match {parts[0].Shape} outside the channel axis");
            channels.Add(s.C);
        }
        var g = new ConcatGeometry(first.N, first.H, first.W, channels);
        if (TensorLayout.Nchw(whole, op) != g.OutputShape)
            throw new ArgumentException($"{op}: concatenated tensor is {whole.Shape}, expected {g.OutputShape}");
        return g;
    }
}
