using System.Text.Json;
using GrnGpu.Models.Statistics;

namespace GrnGpu.Models.Training;

/// <summary>A baseline scored on the same test pairs as the model (its threshold chosen on the fold's training part).</summary>
public sealed record BaselineResult(string Method, BinaryMetrics Metrics);

/// <summary>
/// A run's metrics.json: the model's test metrics per gene pair (and per image pair for the image models) at the
/// threshold chosen on validation, the validation metrics of the best epoch, and the baselines on the same test pairs.
/// <see cref="Comparisons"/> holds model minus each baseline on those pairs (bootstrap interval, DeLong p),
/// <see cref="Strata"/> the AUROC of model and |r| within quintiles of |r|, <see cref="Stacked"/> the stacked scorer
/// (--stack). The three are absent from reports written before them.
/// </summary>
public sealed record RunReport(
    string Model,
    string Split,
    int Fold,
    int Folds,
    string Device,
    string Monitor,
    int BestEpoch,
    int EpochsRun,
    double Threshold,
    string ThresholdRule,
    int TrainPairs,
    int ValidationPairs,
    int TestPairs,
    int TrainSamples,
    BinaryMetrics Test,
    BinaryMetrics? TestImagePairs,
    BinaryMetrics Validation,
    IReadOnlyList<BaselineResult> Baselines,
    double Seconds,
    IReadOnlyDictionary<string, PairedComparison>? Comparisons = null,
    IReadOnlyList<CorrelationStratum>? Strata = null,
    StackedReport? Stacked = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Options);

    public static RunReport Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunReport>(File.ReadAllText(path), ReportJson.Options)
                   ?? throw new GrnException($"{path}: empty report");
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            throw new GrnException($"{path}: not a grn training report ({e.Message})");
        }
    }
}

/// <summary>Several folds' reports and their mean ± sd, for the model and each baseline (cv's metrics.json).</summary>
public sealed record CrossValidationReport(
    string Model,
    string Split,
    IReadOnlyList<RunReport> Folds,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricSummary>> Mean)
{
    public static CrossValidationReport Of(IReadOnlyList<RunReport> folds)
    {
        if (folds.Count == 0) throw new GrnException("no fold reports to merge");
        var first = folds[0];
        foreach (var f in folds)
            if (f.Model != first.Model || f.Split != first.Split || f.Folds != first.Folds)
                throw new GrnException($"fold {f.Fold} is a {f.Model} run on a {f.Split} split of {f.Folds} folds; fold {first.Fold} is {first.Model}, {first.Split}, {first.Folds}: they cannot be merged");
        var duplicates = folds.GroupBy(f => f.Fold).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new GrnException($"fold {duplicates[0]} is given twice");
        var mean = new Dictionary<string, IReadOnlyDictionary<string, MetricSummary>>
        {
            [first.Model] = Summaries(folds.Select(f => f.Test).ToList()),
        };
        foreach (var method in first.Baselines.Select(b => b.Method))
            mean[method] = Summaries(folds.Select(f => f.Baselines.FirstOrDefault(b => b.Method == method)?.Metrics).OfType<BinaryMetrics>().ToList());
        return new CrossValidationReport(first.Model, first.Split, folds.OrderBy(f => f.Fold).ToList(), mean);
    }

    private static IReadOnlyDictionary<string, MetricSummary> Summaries(IReadOnlyList<BinaryMetrics> m) => new Dictionary<string, MetricSummary>
    {
        ["accuracy"] = MetricSummary.Of(m.Select(x => x.Accuracy)),
        ["f1"] = MetricSummary.Of(m.Select(x => x.F1)),
        ["auroc"] = MetricSummary.Of(m.Select(x => x.Auroc)),
        ["aupr"] = MetricSummary.Of(m.Select(x => x.Aupr)),
    };

    public string ToJson() => JsonSerializer.Serialize(this, TrainOptions.Json);
}
