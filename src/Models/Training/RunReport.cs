using System.Text.Json;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Statistics;

namespace GrnGpu.Models.Training;

/// <summary>A baseline scored on the same test pairs as the model (its threshold chosen on the fold's training part).</summary>
public sealed record BaselineResult(string Method, BinaryMetrics Metrics)
{
    /// <summary>Its score of every test pair, for baseline-scores.tsv and the charts; not part of metrics.json.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Prediction>? Predictions { get; init; }
}

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

/// <summary>
/// Several folds' reports and their mean ± sd, for the model, each baseline and the stacked scorer (cv's
/// metrics.json). <see cref="Comparisons"/>, <see cref="Strata"/> and <see cref="Stacked"/> come from the folds'
/// scores.tsv, fold by fold, then averaged (<see cref="PairedAnalysis"/>). <see cref="Notes"/> says what a mean leaves
/// out and why (a one-class fold has no AUROC).
/// </summary>
public sealed record CrossValidationReport(
    string Model,
    string Split,
    IReadOnlyList<RunReport> Folds,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricSummary>> Mean,
    IReadOnlyList<string>? Notes = null,
    IReadOnlyDictionary<string, PairedComparison>? Comparisons = null,
    IReadOnlyList<CorrelationStratum>? Strata = null,
    StackedVerdict? Stacked = null)
{
    public const string StackedRow = "stacked";

    /// <param name="scores">The folds' score tables joined (<see cref="ScoreTable.Concat"/>); null when a fold has none.</param>
    public static CrossValidationReport Of(IReadOnlyList<RunReport> folds, ScoreTable? scores = null)
    {
        if (folds.Count == 0) throw new GrnException("no fold reports to merge");
        var first = folds[0];
        foreach (var f in folds)
            if (f.Model != first.Model || f.Split != first.Split || f.Folds != first.Folds)
                throw new GrnException($"fold {f.Fold} is a {f.Model} run on a {f.Split} split of {f.Folds} folds; fold {first.Fold} is {first.Model}, {first.Split}, {first.Folds}: they cannot be merged");
        var duplicates = folds.GroupBy(f => f.Fold).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new GrnException($"fold {duplicates[0]} is given twice");
        folds = folds.OrderBy(f => f.Fold).ToList();
        var mean = new Dictionary<string, IReadOnlyDictionary<string, MetricSummary>>
        {
            [first.Model] = Summaries(folds.Select(f => f.Test).ToList()),
        };
        foreach (var method in first.Baselines.Select(b => b.Method))
            mean[method] = Summaries(folds.Select(f => f.Baselines.FirstOrDefault(b => b.Method == method)?.Metrics).OfType<BinaryMetrics>().ToList());
        var notes = new List<string>();
        if (folds.All(f => f.Stacked != null)) mean[StackedRow] = Summaries(folds.Select(f => f.Stacked!.Test).ToList());
        else if (folds.Any(f => f.Stacked != null))
            notes.Add($"no stacked row: folds {string.Join(", ", folds.Where(f => f.Stacked == null).Select(f => f.Fold))} were run without --stack");

        var undefined = folds.Where(f => double.IsNaN(f.Test.Auroc)).ToList();
        foreach (var f in undefined)
        {
            int positives = f.Test.Confusion.TruePositives + f.Test.Confusion.FalseNegatives;
            notes.Add($"fold {f.Fold}: its {f.TestPairs} test pairs are all of class {(positives == 0 ? 0 : 1)}, so its AUROC is undefined; " +
                      $"the AUROC means, comparisons and strata are over the other {folds.Count - undefined.Count} of {folds.Count} folds");
        }

        IReadOnlyDictionary<string, PairedComparison>? comparisons = null;
        IReadOnlyList<CorrelationStratum>? strata = null;
        StackedVerdict? stacked = null;
        if (scores != null)
        {
            comparisons = PairedAnalysis.Comparisons(scores);
            strata = PairedAnalysis.Strata(scores);
            var features = folds[0].Stacked?.Features.Where(f => f != StackedScorer.ModelFeature).ToList() ?? [];
            stacked = PairedAnalysis.Stacked(scores, features);
        }
        else notes.Add("no paired comparisons or strata: they need every fold's scores.tsv, which runs made before them do not have");
        return new CrossValidationReport(first.Model, first.Split, folds, mean, notes, comparisons, strata, stacked);
    }

    private static IReadOnlyDictionary<string, MetricSummary> Summaries(IReadOnlyList<BinaryMetrics> m) => new Dictionary<string, MetricSummary>
    {
        ["accuracy"] = MetricSummary.Of(m.Select(x => x.Accuracy)),
        ["f1"] = MetricSummary.Of(m.Select(x => x.F1)),
        ["auroc"] = MetricSummary.Of(m.Select(x => x.Auroc)),
        ["aupr"] = MetricSummary.Of(m.Select(x => x.Aupr)),
    };

    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Options);
}
