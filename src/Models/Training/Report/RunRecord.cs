using System.Text.Json;
using System.Text.Json.Nodes;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Training.Charts;

namespace GrnGpu.Models.Training.Report;

/// <summary>
/// What a finished training run folder says, read back from its files: the options (config.json), the test metrics
/// beside the baselines and any paired comparisons (metrics.json), the learning history (history.csv), the model's and
/// the baselines' test scores (predictions.tsv, baseline-scores.tsv). The charts and report.html are drawn from this.
/// </summary>
public sealed record RunRecord(
    string Folder,
    TrainingRun.RunConfig Config,
    RunReport Metrics,
    JsonObject? Comparisons,
    IReadOnlyList<EpochRecord> History,
    IReadOnlyList<Prediction> Predictions,
    IReadOnlyList<(string Method, IReadOnlyList<Prediction> Predictions)> BaselineScores)
{
    public static RunRecord Read(string folder)
    {
        string metrics = Path.Combine(folder, MetricsReportWriter.MetricsFile);
        if (!File.Exists(metrics))
            throw new GrnException($"{folder}: the run has no {MetricsReportWriter.MetricsFile} yet (unfinished: finish it with grn train --resume {folder})");
        return new RunRecord(folder, TrainingRun.ReadConfig(folder), RunReport.Read(metrics), ReadComparisons(metrics),
            HistoryTable.Read(Path.Combine(folder, RunFolder.HistoryFile)),
            PredictionTable.ReadModel(Path.Combine(folder, MetricsReportWriter.PredictionsFile)),
            PredictionTable.ReadBaselines(Path.Combine(folder, PredictionTable.BaselineScoresFile)));
    }

    /// <summary>The <c>comparisons</c> object of a metrics.json (model against each baseline on the same pairs), or null when absent.</summary>
    public static JsonObject? ReadComparisons(string metricsPath)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(metricsPath), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true })?["comparisons"] as JsonObject;
        }
        catch (JsonException e)
        {
            throw new GrnException($"{metricsPath}: not valid JSON ({e.Message})");
        }
    }

    /// <summary>The model's test scores and every baseline's on the same pairs: the series of the ROC and PR charts.</summary>
    public IReadOnlyList<ScoredSeries> TestSeries() => Series(Metrics.Model, Predictions, BaselineScores);

    public static IReadOnlyList<ScoredSeries> Series(string model, IReadOnlyList<Prediction> predictions,
        IEnumerable<(string Method, IReadOnlyList<Prediction> Predictions)> baselines) =>
        [
            new ScoredSeries(model, predictions.Select(p => p.Label).ToArray(), predictions.Select(p => p.Score).ToArray()),
            .. baselines.Select(b => new ScoredSeries(b.Method, b.Predictions.Select(p => p.Label).ToArray(), b.Predictions.Select(p => p.Score).ToArray())),
        ];

    /// <summary>"rna, random split, fold 0": what the charts' titles say.</summary>
    public string Title => $"{Metrics.Model}, {Metrics.Split} split, fold {Metrics.Fold}";
}
