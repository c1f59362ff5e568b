using System.Globalization;
using System.Text;
using GrnGpu.Models.Data;
using GrnGpu.Models.Metrics;

namespace GrnGpu.Models.Training;

/// <summary>
/// The scored test pairs of a run as tab-separated files: predictions.tsv (the model: tf, target, label, score, fold,
/// written by <see cref="MetricsReportWriter.WritePredictions"/>) and baseline-scores.tsv (the same columns after a
/// leading method column: every baseline's score of the model's test pairs, what puts them on the ROC and PR charts).
/// </summary>
public static class PredictionTable
{
    public const string BaselineScoresFile = "baseline-scores.tsv";

    /// <summary>Writes every baseline's test scores (those that kept them) to <paramref name="path"/>, atomically.</summary>
    public static void WriteBaselines(IEnumerable<BaselineResult> baselines, string path)
    {
        var tsv = new StringBuilder("method\ttf\ttarget\tlabel\tscore\tfold\n");
        foreach (var b in baselines)
            foreach (var p in b.Predictions ?? [])
                tsv.Append(b.Method).Append('\t').Append(p.Tf).Append('\t').Append(p.Target).Append('\t').Append(p.Label).Append('\t')
                   .Append(p.Score.ToString("R", CultureInfo.InvariantCulture)).Append('\t').Append(p.Fold).Append('\n');
        AtomicFile.WriteAllText(path, tsv.ToString());
    }

    /// <summary>predictions.tsv rows.</summary>
    public static IReadOnlyList<Prediction> ReadModel(string path) => Read(path, withMethod: false).Select(r => r.Prediction).ToList();

    /// <summary>baseline-scores.tsv rows, grouped by method in file order; empty when the file is absent (a run from before it was written).</summary>
    public static IReadOnlyList<(string Method, IReadOnlyList<Prediction> Predictions)> ReadBaselines(string path) =>
        !File.Exists(path) ? [] : Read(path, withMethod: true).GroupBy(r => r.Method)
            .Select(g => (g.Key, (IReadOnlyList<Prediction>)g.Select(r => r.Prediction).ToList())).ToList();

    private static List<(string Method, Prediction Prediction)> Read(string path, bool withMethod)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrnDataException(path, e is FileNotFoundException ? "not found" : $"cannot read it ({e.Message})");
        }
        string expected = (withMethod ? "method\t" : "") + "tf\ttarget\tlabel\tscore\tfold";
        if (lines.Length == 0 || lines[0] != expected)
            throw new GrnDataException(path, $"line 1: expected the header '{expected.Replace('\t', ' ')}' (tab-separated)");
        var rows = new List<(string, Prediction)>();
        int offset = withMethod ? 1 : 0;
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = lines[i].Split('\t');
            if (f.Length != 5 + offset || f[2 + offset] is not ("0" or "1")
                || !double.TryParse(f[3 + offset], NumberStyles.Float, CultureInfo.InvariantCulture, out double score)
                || !int.TryParse(f[4 + offset], NumberStyles.Integer, CultureInfo.InvariantCulture, out int fold))
                throw new GrnDataException(path, $"line {i + 1}: expected {5 + offset} tab-separated columns ({expected.Replace("\t", ", ")}) with a 0/1 label, a number score and an integer fold");
            rows.Add((withMethod ? f[0] : "", new Prediction(f[offset], f[1 + offset], f[2 + offset] == "1" ? 1 : 0, score, fold)));
        }
        return rows;
    }
}
