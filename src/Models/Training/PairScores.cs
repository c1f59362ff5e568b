using GrnGpu.Engine.Devices;
using GrnGpu.Models.Data;

namespace GrnGpu.Models.Training;

/// <summary>
/// A model's scores for some gene pairs. For the image models a gene pair's score is the mean of its image pairs'
/// scores (the seed's rule); <see cref="SampleScores"/> keeps the per-image-pair scores too (for the RNA model the two
/// coincide). <see cref="Loss"/> is the mean binary cross-entropy over samples, as Keras' validation loss.
/// </summary>
public sealed record PairScores(int[] GenePairs, double[] Scores, int[] Labels, double[] SampleScores, int[] SampleLabels, double Loss)
{
    /// <summary>Scores every sample of <paramref name="samples"/> in inference mode, batch by batch, in order.</summary>
    public static PairScores Compute(Trainer trainer, ModelSamples samples, TrainingData data, int batchSize, Action<int>? progress = null)
    {
        var device = trainer.Model.Device;
        var sampleScores = new double[samples.Count];
        var sampleLabels = new int[samples.Count];
        var loader = new BatchLoader(samples, batchSize, seed: 0, shuffle: false);
        foreach (var batch in loader.Epoch(0))
        {
            var inputs = samples.Upload(device, batch);
            try
            {
                var p = trainer.Predict(inputs);
                for (int i = 0; i < batch.Count; i++)
                {
                    int s = batch.SampleIds[i];
                    sampleScores[s] = p[i];
                    sampleLabels[s] = (int)batch.Labels[i];
                }
            }
            finally
            {
                foreach (var t in inputs) t.Dispose();
            }
            progress?.Invoke(batch.Count);
        }
        return FromSamples(samples, data, sampleScores, sampleLabels);
    }

    /// <summary>Averages sample scores per gene pair (gene pairs in the order <paramref name="samples"/> lists them).</summary>
    public static PairScores FromSamples(ModelSamples samples, TrainingData data, double[] sampleScores, int[] sampleLabels)
    {
        var index = new Dictionary<int, int>();
        for (int k = 0; k < samples.GenePairs.Count; k++) index[samples.GenePairs[k]] = k;
        var sums = new double[samples.GenePairs.Count];
        var counts = new int[samples.GenePairs.Count];
        for (int s = 0; s < sampleScores.Length; s++)
        {
            int k = index[samples.GenePairOf(s)];
            sums[k] += sampleScores[s];
            counts[k]++;
        }
        var scores = sums.Select((v, k) => v / counts[k]).ToArray();
        var labels = samples.GenePairs.Select(data.Label).ToArray();
        var p = Array.ConvertAll(sampleScores, v => (float)v);
        var y = Array.ConvertAll(sampleLabels, v => (float)v);
        double loss = p.Length == 0 ? double.NaN : Trainer.Summarise(p, y).Loss;
        return new PairScores(samples.GenePairs.ToArray(), scores, labels, sampleScores, sampleLabels, loss);
    }

    public int Count => GenePairs.Length;
}
