using System.Diagnostics;
using GrnGpu.Models.Data;
using GrnGpu.Models.Metrics;

namespace GrnGpu.Models.Baselines;

/// <summary>
/// Evaluates a baseline on test folds, returning the same <see cref="MetricsReport"/> a trained model's
/// evaluation returns. Score-only methods (pearson, spearman, mi) take their decision threshold from the fold's
/// training part (train + validation, <see cref="ThresholdChooser"/>); the test labels are only used to score.
/// The random forest is trained on train + validation and decides at probability 0.5.
/// </summary>
public static class BaselineEvaluator
{
    public const double ForestThreshold = 0.5;

    /// <summary>One fold.</summary>
    public static MetricsReport Score(BaselineMethod method, ResolvedPairs data, FoldSplit fold, BaselineOptions? options = null, string split = "custom") =>
        Score(method, data, [fold], options, split);

    /// <summary>Several folds (each test fold scored by a model/threshold fitted on its own training part).</summary>
    public static MetricsReport Score(BaselineMethod method, ResolvedPairs data, IReadOnlyList<FoldSplit> folds, BaselineOptions? options = null, string split = "custom",
        IWorkProgress? progress = null)
    {
        options ??= new BaselineOptions();
        options.Validate();
        progress ??= NoProgress.Instance;
        RequireBothClasses(data, "the pair list");
        var clock = Stopwatch.StartNew();
        var labels = data.Pairs.Select(p => p.Pair.Label!.Value).ToArray();
        // Score-only methods: a pair's score does not depend on the fold, so compute them once.
        double[]? pairScores = method == BaselineMethod.RandomForest ? null : ScoreAll(method, data, options, progress);
        if (pairScores == null) progress.Stage("folds", folds.Count);

        var foldMetrics = new List<FoldMetrics>();
        var predictions = new List<Prediction>();
        foreach (var fold in folds)
        {
            var training = fold.Train.Concat(fold.Validation).ToArray();
            double[] testScores;
            double threshold;
            if (pairScores != null)
            {
                threshold = ThresholdChooser.MaximiseAccuracy(Pick(labels, training), Pick(pairScores, training));
                testScores = Pick(pairScores, fold.Test);
            }
            else
            {
                var forest = RandomForest.Train(training.Select(i => Features(data.Pairs[i])).ToList(), Pick(labels, training), options.Trees, options.Seed);
                testScores = fold.Test.Select(i => forest.PredictProbability(Features(data.Pairs[i]))).ToArray();
                threshold = ForestThreshold;
                progress.Advance();
            }
            var testLabels = Pick(labels, fold.Test);
            foldMetrics.Add(new FoldMetrics(fold.Fold, fold.Train.Length, fold.Validation.Length, fold.Test.Length,
                BinaryMetrics.Compute(testLabels, testScores, threshold)));
            for (int k = 0; k < fold.Test.Length; k++)
            {
                var pair = data.Pairs[fold.Test[k]].Pair;
                predictions.Add(new Prediction(pair.Tf, pair.Target, testLabels[k], testScores[k], fold.Fold));
            }
        }
        return new MetricsReport(method.Name(), split, foldMetrics, predictions, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Refuses a pair list that is unlabelled or holds only one class: accuracy would be trivial and AUROC, AUPR and
    /// the decision threshold undefined. <paramref name="source"/> names the list in the message.
    /// </summary>
    public static void RequireBothClasses(ResolvedPairs data, string source)
    {
        if (!data.HasLabels) throw new GrnDataException($"{source}: baselines need a labelled pair list (a third column of 0/1)");
        int positives = data.Pairs.Count(p => p.Pair.Label == 1);
        if (positives == 0 || positives == data.Count)
            throw new GrnDataException($"{source}: all {data.Count} pairs are labelled {(positives == 0 ? 0 : 1)}; " +
                                       "AUROC, AUPR and the decision threshold need both classes (0 and 1) in the list");
    }

    /// <summary>The score of every pair for a score-only method.</summary>
    public static double[] ScoreAll(BaselineMethod method, ResolvedPairs data, BaselineOptions options, IWorkProgress? progress = null)
    {
        progress ??= NoProgress.Instance;
        progress.Stage($"{method.Name()} scores", data.Count);
        var scores = new double[data.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = ScoreOne(method, data.Pairs[i]);
            progress.Advance();
        }
        return scores;
    }

    /// <summary>The score of one pair for a score-only method.</summary>
    public static double ScoreOne(BaselineMethod method, ResolvedPair p) => method switch
    {
        BaselineMethod.Pearson => CorrelationScores.AbsPearson(p.Tf.Values, p.Target.Values),
        BaselineMethod.Spearman => CorrelationScores.AbsSpearman(p.Tf.Values, p.Target.Values),
        BaselineMethod.MutualInformation => MutualInformationScore.Compute(p.Tf.Values, p.Target.Values),
        _ => throw new ArgumentException($"{method} is not a score-only method"),
    };

    /// <summary>RF features: the TF's sample values, then the target's.</summary>
    public static double[] Features(ResolvedPair pair) => [.. pair.Tf.Values, .. pair.Target.Values];

    private static T[] Pick<T>(T[] values, int[] indices) => indices.Select(i => values[i]).ToArray();
}
