using GrnGpu.Models.Baselines;
using GrnGpu.Models.Data;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Statistics;

namespace GrnGpu.Models.Training;

/// <summary>Everything a fold's report says beside the model's own metrics, and the score table it was computed from.</summary>
public sealed record FoldAnalysis(IReadOnlyList<BaselineResult> Baselines, ScoreTable Table, IReadOnlyDictionary<string, PairedComparison> Comparisons,
    IReadOnlyList<CorrelationStratum>? Strata, StackedReport? Stacked);

/// <summary>
/// Scores one fold's test pairs by every scorer (the baselines, |r|, the stacked scorer) beside the model, and compares
/// them pair by pair (<see cref="PairedAnalysis"/>). Baselines take their thresholds from the fold's training part
/// (<see cref="BaselineEvaluator"/>); the stacked scorer is fitted on its validation pairs (<see cref="StackedScorer"/>).
/// </summary>
public static class FoldScoring
{
    /// <param name="validation">The model's scores of the validation pairs; the stacked scorer needs them.</param>
    public static FoldAnalysis Analyse(TrainOptions options, TrainingData data, FoldPairs fold, PairScores test, PairScores? validation, bool stack, Action<string> note)
    {
        var testPairs = test.GenePairs;
        var columns = new Dictionary<string, double[]> { [ScoreTable.Model] = test.Scores };
        var baselines = new List<BaselineResult>();
        var stackable = new List<(string Name, BaselineMethod Method)>();
        if (data.Expression is { } expression)
        {
            columns[ScoreTable.AbsR] = testPairs.Select(p => CorrelationScores.AbsPearson(expression.Pairs[p].Tf.Values, expression.Pairs[p].Target.Values)).ToArray();
            var split = new FoldSplit(fold.Fold, fold.Train, fold.Validation, fold.Test);
            var baselineOptions = new BaselineOptions(data.Histograms.Bins, Seed: (int)options.Seed);
            foreach (var name in options.Baselines)
            {
                var method = BaselineMethods.Parse(name);
                var report = BaselineEvaluator.Score(method, expression, split, baselineOptions);
                baselines.Add(new BaselineResult(method.Name(), report.Folds[0].Metrics) { Predictions = report.Predictions });
                // The evaluator lists fold.Test in order; the model's scores follow the samples' order: match by pair.
                var byPair = new Dictionary<int, double>();
                for (int k = 0; k < fold.Test.Length; k++) byPair[fold.Test[k]] = report.Predictions[k].Score;
                columns[method.Name()] = testPairs.Select(p => byPair[p]).ToArray();
                if (StackedScorer.CanStack(method)) stackable.Add((method.Name(), method));
            }
        }
        else if (options.Baselines.Length > 0)
            note("baselines skipped: they score expression profiles, and no --expression table was given");

        (double[] Scores, double[] Coefficients, double Threshold, string Rule)? stacked = null;
        if (stack && validation != null)
        {
            if (stackable.Count == 0)
                note("--stack: no stacked row: it combines the model with the score-only baselines (pearson, spearman, mi), and none ran");
            else
            {
                var resolved = data.Expression!;
                var validationColumns = new List<double[]> { validation.Scores };
                validationColumns.AddRange(stackable.Select(s => validation.GenePairs.Select(p => BaselineEvaluator.ScoreOne(s.Method, resolved.Pairs[p])).ToArray()));
                var testColumns = new List<double[]> { test.Scores };
                testColumns.AddRange(stackable.Select(s => columns[s.Name]));
                stacked = StackedScorer.Fit(validation.Labels, validationColumns, testColumns);
                columns[ScoreTable.Stacked] = stacked.Value.Scores;
            }
        }

        var table = new ScoreTable(testPairs.Select(p => (data.Pairs[p].Tf, data.Pairs[p].Target)).ToList(), test.Labels,
            Enumerable.Repeat(fold.Fold, testPairs.Length).ToArray(), columns);
        StackedReport? stackedReport = null;
        if (stacked is { } s)
        {
            var verdict = PairedAnalysis.Stacked(table, stackable.Select(x => x.Name).ToList())!;
            stackedReport = new StackedReport([StackedScorer.ModelFeature, .. stackable.Select(x => x.Name)], s.Coefficients, s.Threshold, s.Rule,
                BinaryMetrics.Compute(test.Labels, s.Scores, s.Threshold), verdict.Comparisons, verdict.BeatsAll, verdict.Verdict);
        }
        return new FoldAnalysis(baselines, table, PairedAnalysis.Comparisons(table), PairedAnalysis.Strata(table), stackedReport);
    }
}
