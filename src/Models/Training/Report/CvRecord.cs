using System.Text.Json;
using System.Text.Json.Nodes;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Training.Charts;

namespace GrnGpu.Models.Training.Report;

/// <summary>
/// What a merged cross-validation folder says: its metrics.json (every fold and the mean ± sd per method, and any
/// paired comparisons), its pooled predictions.tsv, and each fold's run (read as a <see cref="RunRecord"/>) for the
/// options, the learning curves and the baselines' scores.
/// </summary>
public sealed record CvRecord(string Folder, CrossValidationReport Metrics, JsonObject? Comparisons, IReadOnlyList<RunRecord> Folds,
    IReadOnlyList<Prediction> Predictions)
{
    /// <summary>The kind a cv folder's manifest names (CvCommand writes it).</summary>
    public const string Kind = "cv";

    /// <param name="foldFolders">The fold runs; by default those its manifest names, else its fold-i/.</param>
    public static CvRecord Read(string folder, IReadOnlyList<string>? foldFolders = null)
    {
        string metrics = Path.Combine(folder, MetricsReportWriter.MetricsFile);
        if (!File.Exists(metrics))
            throw new GrnException($"{folder}: the cross-validation has not been merged yet (no {MetricsReportWriter.MetricsFile}); run grn cv --merge {folder} --out {folder}");
        CrossValidationReport report;
        try
        {
            report = JsonSerializer.Deserialize<CrossValidationReport>(File.ReadAllText(metrics), ReportJson.Options) ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new GrnException($"{metrics}: not a grn cross-validation report ({e.Message})");
        }
        var folds = (foldFolders ?? FoldFolders(folder)).Select(RunRecord.Read).OrderBy(r => r.Metrics.Fold).ToList();
        return new CvRecord(folder, report, RunRecord.ReadComparisons(metrics), folds,
            PredictionTable.ReadModel(Path.Combine(folder, MetricsReportWriter.PredictionsFile)));
    }

    /// <summary>The fold runs: those the manifest names (a merge may join folds from elsewhere), else fold-i/ inside.</summary>
    private static IEnumerable<string> FoldFolders(string folder)
    {
        if (File.Exists(Path.Combine(folder, Manifest.FileName))
            && Manifest.Read(folder).Properties.TryGetValue("runs", out var runs) && runs is JsonArray list)
            return list.Select(n => (string)n!).Where(RunFolder.IsRun);
        return Directory.GetDirectories(folder, "fold-*").Where(RunFolder.IsRun);
    }

    /// <summary>The model's pooled test scores over every fold and each baseline's on the same pairs.</summary>
    public IReadOnlyList<ScoredSeries> TestSeries() => RunRecord.Series(Metrics.Model, Predictions,
        // A baseline goes on the pooled chart only when every fold kept its scores: else its pairs differ from the model's.
        Folds.SelectMany(f => f.BaselineScores).GroupBy(b => b.Method).Where(g => g.Count() == Folds.Count && Folds.Count == Metrics.Folds.Count)
            .Select(g => (g.Key, (IReadOnlyList<Prediction>)g.SelectMany(b => b.Predictions).ToList())).ToList());

    public string Title => $"{Metrics.Model}, {Metrics.Split} split, {Metrics.Folds.Count} folds";
}
