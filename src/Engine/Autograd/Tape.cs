namespace GrnGpu.Engine.Autograd;

/// <summary>
/// Records ops for one step. While a tape is open, every op output belongs to it (and is disposed with it,
/// its buffer going back to the device pool); a recording tape also remembers how to differentiate each op
/// whose inputs need gradients. <see cref="Inference"/> opens a tape that records nothing: same ownership,
/// no graph, no saved activations beyond the step.
/// </summary>
public sealed class Tape : IDisposable
{
    [ThreadStatic] private static Tape? _current;

    private readonly List<Node> _nodes = new();
    private readonly List<Variable> _owned = new();
    private readonly List<Tensor> _saved = new();
    private readonly Tape? _outer;
    private bool _disposed;

    public bool Recording { get; }
    /// <summary>True in training mode (batch statistics, dropout on); false for inference.</summary>
    public bool Training { get; }

    public static Tape? Current => _current;

    private Tape(bool recording, bool training)
    {
        Recording = recording;
        Training = training;
        _outer = _current;
        _current = this;
    }

    /// <summary>A tape that records a training step: batch statistics, dropout on, gradients.</summary>
    public static Tape Train() => new(recording: true, training: true);

    /// <summary>A tape that records gradients with inference-mode layers (gradient checks of inference paths).</summary>
    public static Tape RecordInferenceMode() => new(recording: true, training: false);

    /// <summary>
    /// Training-mode layers (batch statistics, moving-average updates, dropout) without recording: a forward pass
    /// that only refreshes batch-norm statistics.
    /// </summary>
    public static Tape Statistics() => new(recording: false, training: true);

    /// <summary>An inference scope: nothing recorded, running statistics, no dropout.</summary>
    public static Tape Inference() => new(recording: false, training: false);

    /// <summary>Registers an op's output; records the op when recording and any input needs a gradient.</summary>
    internal static Variable Output(string op, Tensor value, Variable[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        OpProfiler.Mark("forward " + op, value.Device);
        var tape = _current;
        bool needsGrad = tape is { Recording: true } && inputs.Any(i => i.RequiresGrad);
        var output = new Variable(value, needsGrad);
        if (tape != null)
        {
            tape._owned.Add(output);
            if (needsGrad)
            {
                var node = new Node(op, inputs, output, backward);
                output.Creator = node;
                tape._nodes.Add(node);
            }
        }
        return output;
    }

    /// <summary>
    /// Keeps a tensor an op saved for its backward (batch statistics, pooling taps) until the tape ends;
    /// outside any tape nothing is recorded, so it is disposed at once.
    /// </summary>
    internal static void Saved(Tensor t)
    {
        if (_current is { } tape) tape._saved.Add(t);
        else t.Dispose();
    }

    /// <summary>Keeps an intermediate alive past this tape's end (the caller then disposes it).</summary>
    public void Release(Variable v) => _owned.Remove(v);

    /// <summary>
    /// Back-propagates from a scalar loss: seeds d(loss)/d(loss) = 1 and visits the recorded ops in reverse,
    /// accumulating into inputs' gradients (a tensor that feeds two ops gets the sum). Intermediate gradients
    /// go back to the pool as soon as their producer has consumed them; parameters keep theirs.
    /// With <paramref name="releaseActivations"/>, each recorded op's output value goes back to the pool too once the
    /// op's backward has run (every op that read it came later, so has run already): a training step then never holds
    /// all activations and all large gradients at once. The caller must not read those outputs afterwards, except the loss
    /// and any output it took over with <see cref="Release"/> before (the predictions, say), which are kept.
    /// </summary>
    public void Backward(Variable loss, bool releaseActivations = false)
    {
        if (!Recording) throw new InvalidOperationException("backward on a tape that records nothing (an inference scope)");
        if (loss.Value.Length != 1) throw new ArgumentException($"backward needs a scalar loss, got {loss.Shape}");
        if (loss.Creator == null) throw new ArgumentException("the loss was not computed by ops recorded on this tape");
        loss.Accumulate(Tensor.Full(loss.Device, loss.Shape, 1f));
        for (int i = _nodes.Count - 1; i >= 0; i--)
        {
            var node = _nodes[i];
            var grad = node.Output.Grad;
            if (grad == null) continue;   // nothing downstream of this op reached the loss
            var inputGrads = node.Backward(grad);
            OpProfiler.Mark("backward " + node.Op, grad.Device);
            for (int k = 0; k < node.Inputs.Length; k++)
            {
                var g = inputGrads[k];
                if (g == null) continue;
                if (node.Inputs[k].RequiresGrad) node.Inputs[k].Accumulate(g);
                else g.Dispose();
            }
            if (node.Output != loss) node.Output.ReleaseGrad();
            if (releaseActivations && node.Output != loss && _owned.Contains(node.Output)) node.Output.Value.Dispose();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var v in _owned) v.Dispose();
        _owned.Clear();
        foreach (var t in _saved) t.Dispose();
        _saved.Clear();
        _nodes.Clear();
        if (_current == this) _current = _outer;
    }
}
