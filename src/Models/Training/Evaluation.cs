using System.Text.Json;
using GrnGpu.Engine;
using GrnGpu.Engine.Devices;
using GrnGpu.Models.Baselines;
using GrnGpu.Models.Data;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Training;

/// <summary>`grn evaluate`'s metrics.json: trained weights scored on labelled pairs.</summary>
public sealed record EvaluationReport(string Model, string Weights, string Pairs, string Device, int GenePairs, int Samples,
    double Threshold, string ThresholdRule, BinaryMetrics Metrics, BinaryMetrics? ImagePairs, IReadOnlyList<BaselineResult> Baselines,
    IReadOnlyDictionary<string, Statistics.PairedComparison>? Comparisons = null, IReadOnlyList<Statistics.CorrelationStratum>? Strata = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Options);
}

/// <summary>What to evaluate: all labelled pairs of the data, or one fold's test pairs (threshold and BN statistics from the fold).</summary>
/// <param name="ThresholdRule">How <paramref name="Threshold"/> was set, when not by --threshold (e.g. the run's own choice).</param>
public sealed record EvaluationOptions(TrainOptions? Fold, double? Threshold, int BatchNormBatches, int BatchSize, string? ThresholdRule = null);

public static class Evaluation
{
    public static (EvaluationReport Report, PairScores Scores, TrainingData Data) Run(WeightsSource weights, TrainingDataSource source,
        EvaluationOptions options, ComputeDevice device, Action<string> note)
    {
        using var trainer = weights.Load(device);
        var network = trainer.Model.Network;
        var data = TrainingData.Load(source, network.Dimensions, note);
        if (!data.HasLabels) throw new GrnDataException($"{source.PairsFile}: evaluation needs a label (0 or 1) on every pair; to score unlabelled pairs use grn predict");
        int[] pairs = data.Usable;
        FoldPairs? fold = null;
        if (options.Fold is { } foldOptions)
        {
            fold = TrainingRun.CutFold(data, foldOptions);
            pairs = fold.Test;
        }
        else if (options.BatchNormBatches > 0)
            throw new GrnException("--bn-batches recomputes batch-norm statistics over a fold's training pairs: give --split and --fold too");
        var labels = pairs.Select(data.Label).ToArray();
        if (labels.All(l => l == labels[0]))
            throw new GrnDataException($"all {pairs.Length} evaluated pairs are of class {labels[0]}: AUROC and AUPR are undefined; evaluate on pairs of both classes");

        if (fold != null && options.BatchNormBatches > 0)
            TrainingRun.Recalibrate(trainer, data.Samples(network, fold.Train), device, options.Fold! with { BatchNormBatches = options.BatchNormBatches, BatchSize = options.BatchSize });
        var scores = PairScores.Compute(trainer, data.Samples(network, pairs), data, options.BatchSize);
        double threshold;
        string rule;
        if (options.Threshold is double t) (threshold, rule) = (t, options.ThresholdRule ?? "fixed by --threshold");
        else if (fold != null)
        {
            var val = PairScores.Compute(trainer, data.Samples(network, fold.Validation), data, options.BatchSize);
            (threshold, rule) = TrainingRun.ChooseThreshold(val, $"the validation gene pairs of fold {fold.Fold}", note);
        }
        else (threshold, rule) = (0.5, "0.5 (no split given to choose one on)");

        // Baselines, the paired comparisons and the strata need a fold: its training part sets the baselines' thresholds.
        var analysis = fold != null ? FoldScoring.Analyse(options.Fold!, data, fold, scores, null, stack: false, note) : null;
        var report = new EvaluationReport(network.Kind.Name(), weights.WeightsPath, source.PairsFile, device.ToString(), pairs.Length, scores.SampleScores.Length,
            threshold, rule, BinaryMetrics.Compute(scores.Labels, scores.Scores, threshold),
            data.Images != null ? BinaryMetrics.Compute(scores.SampleLabels, scores.SampleScores, threshold) : null, analysis?.Baselines ?? [],
            analysis?.Comparisons, analysis?.Strata);
        return (report, scores, data);
    }
}
