using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Explain;

/// <summary>
/// Plain gradient saliency: the absolute gradient of the edge probability with respect to every input value,
/// unsmoothed and not multiplied by the input (gradient x input would hide what the model reads in white, zero-valued
/// background). Layers run in inference mode (moving batch-norm statistics, no dropout), exactly as `grn predict`
/// scores, so the map explains the score `predict` gives.
/// </summary>
public static class GradientSaliency
{
    /// <summary>
    /// One sample at a time: the tape's backward needs a scalar, and with inference-mode layers a sample's score does
    /// not depend on the rest of its batch, so a batch of one gives the same gradient as any batch would.
    /// </summary>
    /// <param name="sample">The sample's values, the network's inputs laid end to end (as <see cref="Training.ModelSamples"/> writes them).</param>
    public static SampleSaliency Compute(Model model, ReadOnlySpan<float> sample)
    {
        var inputs = new List<Variable>();
        try
        {
            int offset = 0;
            foreach (var input in model.Network.Inputs)
            {
                var shape = input.WithBatch(1);
                inputs.Add(new Variable(Tensor.FromArray(model.Device, shape, sample.Slice(offset, shape.Size)), requiresGrad: true));
                offset += shape.Size;
            }
            if (offset != sample.Length) throw new ArgumentException($"the sample holds {sample.Length} values, the network takes {offset}");
            using var tape = Tape.RecordInferenceMode();
            var score = model.Forward(inputs);
            double p = score.Value.ToArray()[0];
            tape.Backward(score);
            var map = inputs.SelectMany(v => v.Grad is { } g ? g.ToArray().Select(Math.Abs) : new float[v.Shape.Size]).ToArray();
            return new SampleSaliency(p, map);
        }
        finally
        {
            foreach (var v in inputs) v.Dispose(); // the input tensors and their gradients; the tape owns the rest
        }
    }
}
