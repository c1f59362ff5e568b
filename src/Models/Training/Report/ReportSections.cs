using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GrnGpu.Models.Metrics;

namespace GrnGpu.Models.Training.Report;

/// <summary>The sections a run's report and a cross-validation's report share.</summary>
public static class ReportSections
{
    public const int TopEdges = 50;

    /// <summary>Every option of the run, one row each (nested ones as data.model), then where and how it ran.</summary>
    public static string Options(TrainingRun.RunConfig config, bool crossValidation)
    {
        var rows = new List<string[]>();
        void Walk(string prefix, JsonNode? node)
        {
            if (node is JsonObject o)
                foreach (var (k, v) in o) Walk(prefix.Length == 0 ? k : $"{prefix}.{k}", v);
            else if (!(crossValidation && prefix == "fold"))   // a cv's folds differ only in the fold
                rows.Add([Html.Td(prefix), Html.Td(node switch { null => "none", JsonArray a => string.Join(", ", a.Select(x => x?.ToString())), _ => node.ToString() })]);
        }
        Walk("", JsonSerializer.SerializeToNode(config.Options, TrainOptions.Json));
        rows.Add([Html.Td("device"), Html.Td(config.Device)]);
        rows.Add([Html.Td("version"), Html.Td(config.Version)]);
        rows.Add([Html.Td("command"), Html.Td(config.Command)]);
        return Html.Section("Options", Html.Table(["option", "value"], rows, "options"));
    }

    /// <summary>One row of metrics; the cells carry data-method and data-metric so a reader (or a test) finds them.</summary>
    public static string[] MetricRow(string method, BinaryMetrics m)
    {
        var c = m.Confusion;
        string A(string metric) => $"data-method=\"{Html.E(method)}\" data-metric=\"{metric}\"";
        return [Html.Td(method), Html.Td(Html.F(m.Accuracy), A("accuracy")), Html.Td(Html.F(m.F1), A("f1")), Html.Td(Html.F(m.Auroc), A("auroc")),
            Html.Td(Html.F(m.Aupr), A("aupr")), Html.Td($"{c.TruePositives}/{c.FalsePositives}/{c.TrueNegatives}/{c.FalseNegatives}"),
            Html.Td(Html.F(m.Threshold))];
    }

    public static readonly string[] MetricHeaders = ["method", "Acc", "F1", "AUROC", "AUPR", "TP/FP/TN/FN", "threshold"];

    /// <summary>
    /// The paired comparisons of the model against each baseline on the same pairs (metrics.json's "comparisons":
    /// differences, confidence intervals, p-values), every field shown as given; empty when there are none.
    /// </summary>
    public static string Comparisons(JsonObject? comparisons, string title = "Paired comparisons (model minus baseline, same test pairs)")
    {
        if (comparisons == null || comparisons.Count == 0) return "";
        var fields = comparisons.Select(c => c.Value).OfType<JsonObject>().SelectMany(o => o.Select(f => f.Key)).Distinct().ToList();
        var rows = comparisons.Select(c => new[] { Html.Td(c.Key) }.Concat(fields.Select(f =>
        {
            var v = (c.Value as JsonObject)?[f];
            return Html.Td(Value(f, v), $"data-baseline=\"{Html.E(c.Key)}\" data-field=\"{Html.E(f)}\"");
        })));
        return Html.Section(title, Html.Table(["baseline", .. fields], rows));
    }

    private static string Value(string field, JsonNode? v) => v switch
    {
        null => "",
        JsonArray a => "[" + string.Join(", ", a.Select(x => Value(field, x))) + "]",
        JsonValue n when n.TryGetValue(out double d) => field.EndsWith("_p", StringComparison.Ordinal) || field == "p" ? Html.P(d) : Html.F(d),
        _ => v.ToString(),
    };

    /// <summary>The model's confusion matrix at its threshold (rows: actual class, columns: predicted class).</summary>
    public static string Confusion(ConfusionMatrix c, string note)
    {
        string Cell(int count, string name) => Html.Td(count.ToString(CultureInfo.InvariantCulture), $"data-cell=\"{name}\"");
        var table = Html.Table(["", "predicted 1", "predicted 0"],
        [
            [Html.Td("actual 1"), Cell(c.TruePositives, "tp"), Cell(c.FalseNegatives, "fn")],
            [Html.Td("actual 0"), Cell(c.FalsePositives, "fp"), Cell(c.TrueNegatives, "tn")],
        ]);
        return Html.Section("Confusion matrix", $"<p class=\"note\">{Html.E(note)}</p>\n" + table);
    }

    /// <summary>The highest-scored test pairs: what a biologist would check first.</summary>
    public static string TopPredictions(IReadOnlyList<Prediction> predictions, bool showFold)
    {
        var top = predictions.OrderByDescending(p => p.Score).ThenBy(p => p.Tf, StringComparer.Ordinal).ThenBy(p => p.Target, StringComparer.Ordinal)
            .Take(TopEdges).ToList();
        var rows = top.Select((p, i) => new List<string>
        {
            Html.Td((i + 1).ToString(CultureInfo.InvariantCulture)), Html.Td(p.Tf), Html.Td(p.Target),
            Html.Td(p.Score.ToString("F4", CultureInfo.InvariantCulture)), Html.Td(p.Label == 1 ? "yes" : "no"),
        }.Concat(showFold ? [Html.Td(p.Fold.ToString(CultureInfo.InvariantCulture))] : []));
        string[] headers = ["rank", "tf", "target", "score", "labelled edge", .. showFold ? new[] { "fold" } : []];
        return Html.Section($"Top {top.Count} predicted edges (of {predictions.Count} test pairs)", Html.Table(headers, rows));
    }

    /// <summary>Charts in the order given, each inline.</summary>
    public static string Charts(string title, IEnumerable<(string Name, string Svg)> charts) =>
        Html.Section(title, string.Concat(charts.Select(c => Html.Chart(c.Svg, c.Name))));
}
