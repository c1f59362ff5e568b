using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GrnGpu.Models.Data;
using GrnGpu.Models.Metrics;

namespace GrnGpu.Models.Training;

/// <summary>Writes DIR/metrics.json and DIR/predictions.tsv (tf, target, label, score, fold), each atomically.</summary>
public static class MetricsReportWriter
{
    public const string MetricsFile = "metrics.json", PredictionsFile = "predictions.tsv";

    /// <summary>Manifest kind of a baseline's output set.</summary>
    public const string Kind = "baseline";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // AUROC/AUPR are undefined for a single-class fold: written as null, never as a NaN literal.
        Converters = { new ReportJson.UndefinedAsNull() },
    };

    public static void Write(MetricsReport report, string outDir)
    {
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, MetricsFile), ToJson(report));
        WritePredictions(report.Predictions, Path.Combine(outDir, PredictionsFile));
    }

    /// <summary>predictions.tsv: tf, target, label, score, fold (baselines and trained models alike).</summary>
    public static void WritePredictions(IEnumerable<Prediction> predictions, string path)
    {
        var tsv = new StringBuilder("tf\ttarget\tlabel\tscore\tfold\n");
        foreach (var p in predictions)
            tsv.Append(p.Tf).Append('\t').Append(p.Target).Append('\t').Append(p.Label).Append('\t')
               .Append(p.Score.ToString("R", CultureInfo.InvariantCulture)).Append('\t').Append(p.Fold).Append('\n');
        AtomicFile.WriteAllText(path, tsv.ToString());
    }

    public static string ToJson(MetricsReport report) => JsonSerializer.Serialize(new
    {
        method = report.Method,
        split = report.Split,
        seconds = report.Seconds,
        mean = new { accuracy = report.Accuracy, f1 = report.F1, auroc = report.Auroc, aupr = report.Aupr },
        auprMethod = "average precision, step-wise (sklearn average_precision_score)",
        folds = report.Folds,
    }, Json);
}
