using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models.Data;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Training;

/// <summary>
/// The samples of some gene pairs as one network sees them: one per gene pair for the RNA model, one per image pair
/// for the image models. A sample is the network's inputs laid end to end in the order of <see cref="Network.Inputs"/>
/// (fusion: the stacked image pair, then the histogram), so <see cref="BatchLoader"/> batches it like any other source
/// and <see cref="Upload"/> cuts a batch back into one tensor per input. Images stay bytes until a batch is written.
/// </summary>
public sealed class ModelSamples : IBatchSource
{
    private readonly TrainingData _data;
    private readonly Network _network;
    private readonly int[] _genePair;    // sample -> gene pair (index into TrainingData.Pairs)
    private readonly int[] _imagePair;   // sample -> image pair (index into ImagePairSet.Pairs), -1 without images
    private readonly int[] _inputLengths;

    internal ModelSamples(TrainingData data, Network network, IReadOnlyList<int> pairs)
    {
        _data = data;
        _network = network;
        _inputLengths = network.Inputs.Select(i => i.Channels * i.Height * i.Width).ToArray();
        var genePairs = new List<int>();
        var imagePairs = new List<int>();
        foreach (int p in pairs)
        {
            if (data.Images == null)
            {
                genePairs.Add(p);
                imagePairs.Add(-1);
                continue;
            }
            var kept = data.Images.GenePairs[data.Kept(p)];
            for (int i = 0; i < kept.PairCount; i++)
            {
                genePairs.Add(p);
                imagePairs.Add(kept.FirstPair + i);
            }
        }
        _genePair = genePairs.ToArray();
        _imagePair = imagePairs.ToArray();
        GenePairs = pairs.ToArray();
        SampleLength = _inputLengths.Sum();
    }

    /// <summary>The gene pairs, in the order given.</summary>
    public IReadOnlyList<int> GenePairs { get; }
    public int Count => _genePair.Length;
    public int SampleLength { get; }

    public float Label(int sample) => _data.Label(_genePair[sample]);

    /// <summary>The sample's own index: <see cref="GenePairOf"/> and <see cref="ImagePairOf"/> take it.</summary>
    public int SampleId(int sample) => sample;

    public int GenePairOf(int sample) => _genePair[sample];
    public int ImagePairOf(int sample) => _imagePair[sample];

    public void Write(int sample, Span<float> destination)
    {
        int offset = 0;
        for (int k = 0; k < _network.Inputs.Count; k++)
        {
            var target = destination.Slice(offset, _inputLengths[k]);
            if (_network.Inputs[k].Name == "histogram") _data.WriteHistogram(_genePair[sample], target);
            else WriteImagePair(_imagePair[sample], target);
            offset += _inputLengths[k];
        }
    }

    private void WriteImagePair(int imagePair, Span<float> destination)
    {
        var set = _data.Images ?? throw new InvalidOperationException("this data set has no images");
        var pair = set.Pairs[imagePair];
        // Both image layouts (SDINet's 2 x H x W, the fusion's 1 x 2H x W) hold the same numbers in the same order.
        ModelInputs.Write(ModelInputKind.Sdinet, set.Images[pair.TfImage], set.Images[pair.TargetImage], destination);
    }

    /// <summary>One device tensor per network input for the first <see cref="SampleBatch.Count"/> samples of a batch.</summary>
    public Tensor[] Upload(ComputeDevice device, SampleBatch batch)
    {
        int n = batch.Count;
        var tensors = new Tensor[_network.Inputs.Count];
        if (tensors.Length == 1)
        {
            tensors[0] = Tensor.FromArray(device, _network.Inputs[0].WithBatch(n), batch.Inputs.AsSpan(0, n * SampleLength));
            return tensors;
        }
        int offset = 0;
        for (int k = 0; k < tensors.Length; k++)
        {
            var values = new float[n * _inputLengths[k]];
            for (int i = 0; i < n; i++)
                batch.Inputs.AsSpan(i * SampleLength + offset, _inputLengths[k]).CopyTo(values.AsSpan(i * _inputLengths[k]));
            tensors[k] = Tensor.FromArray(device, _network.Inputs[k].WithBatch(n), values);
            offset += _inputLengths[k];
        }
        return tensors;
    }
}
