using System.Diagnostics;
using GrnGpu.Engine;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Training;

/// <summary>What a prediction run scored, and how fast.</summary>
public sealed record PredictionResult(IReadOnlyList<ScoredEdge> Edges, long Unscored, double Seconds)
{
    public double PairsPerSecond => Edges.Count / Math.Max(Seconds, 1e-9);
}

/// <summary>
/// Scores gene pairs without labels. A list of pairs goes through <see cref="TrainingData"/> like training does;
/// every TF against every gene (<see cref="ScoreAllPairs"/>) streams instead: each batch's histograms are built,
/// scored and dropped, so memory holds only the scores (a string pair and a double each), whatever the count.
/// </summary>
public static class Predictor
{
    /// <summary>The pairs of <paramref name="data"/> (its usable ones) in shard <paramref name="shard"/>.</summary>
    public static PredictionResult ScorePairs(Trainer trainer, TrainingData data, Shard shard, int batchSize, Action<int, int>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var positions = Enumerable.Range(0, data.Usable.Length).Where(position => shard.Contains(position)).ToList();
        var pairs = positions.Select(position => data.Usable[position]).ToList();
        var samples = data.Samples(trainer.Model.Network, pairs);
        int done = 0;
        var scores = PairScores.Compute(trainer, samples, data, batchSize, n => progress?.Invoke(done += n, samples.Count));
        var edges = scores.GenePairs.Select((p, k) => new ScoredEdge(data.Pairs[p].Tf, data.Pairs[p].Target, scores.Scores[k], positions[k])).ToList();
        long unscored = data.Pairs.Count - data.Usable.Length;
        return new PredictionResult(edges, unscored, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The RNA model on every TF of <paramref name="tfs"/> against every gene of <paramref name="targets"/> (a gene is
    /// not paired with itself), in shard <paramref name="shard"/> of that order, histograms built per batch.
    /// </summary>
    public static PredictionResult ScoreAllPairs(Trainer trainer, ExpressionTable tfs, ExpressionTable targets, Shard shard, int batchSize,
        Action<long, long>? progress = null)
    {
        var model = trainer.Model;
        if (model.Network.Kind != ModelKind.Rna)
            throw new GrnException($"--all-pairs with expression tables scores the rna model; a {model.Network.Kind.Name()} model scores image pairs: give --images");
        if (tfs.SampleCount != targets.SampleCount)
            throw new GrnDataException($"the TF table has {tfs.SampleCount} samples and the gene table {targets.SampleCount}: they must match");
        if (tfs.SampleCount < ExpressionTableReader.MinSamples)
            throw new GrnDataException($"the expression tables have {tfs.SampleCount} sample(s) per gene; at least {ExpressionTableReader.MinSamples} are needed to compare two genes");
        var clock = Stopwatch.StartNew();
        var input = model.Network.Inputs[0];
        var histograms = new HistogramBuilder(input.Height);
        int length = input.Height * input.Width;
        long total = (long)tfs.Count * targets.Count, position = -1;
        var edges = new List<ScoredEdge>();
        var batch = new float[batchSize * length];
        var names = new (string Tf, string Target, long Position)[batchSize];
        int filled = 0;

        void Flush()
        {
            if (filled == 0) return;
            using var x = Tensor.FromArray(model.Device, input.WithBatch(filled), batch.AsSpan(0, filled * length));
            var p = trainer.Predict([x]);
            for (int i = 0; i < filled; i++) edges.Add(new ScoredEdge(names[i].Tf, names[i].Target, p[i], names[i].Position));
            filled = 0;
            progress?.Invoke(position + 1, total);
        }

        foreach (var tf in tfs.Symbols)
        {
            var tfRow = tfs[tf];
            foreach (var target in targets.Symbols)
            {
                position++;
                if (target == tf || !shard.Contains(position)) continue;
                histograms.Build(tfRow.Values, targets[target].Values, batch.AsSpan(filled * length, length));
                names[filled++] = (tf, target, position);
                if (filled == batchSize) Flush();
            }
        }
        Flush();
        return new PredictionResult(edges, 0, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Every TF with images against every target with images (no self pairs), for the image models' --all-pairs.</summary>
    public static PairList ImageStorePairs(ImageStore store)
    {
        var pairs = new List<GenePair>();
        foreach (var tf in store.Genes(ImageRole.Tf))
        foreach (var target in store.Genes(ImageRole.Target))
            if (tf != target) pairs.Add(new GenePair(tf, target, null, $"{store.Root} ({tf}, {target})"));
        return new PairList(store.Root, pairs);
    }
}
