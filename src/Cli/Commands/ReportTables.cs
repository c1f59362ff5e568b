using System.Globalization;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Statistics;
using GrnGpu.Models.Training;
using Spectre.Console;

namespace GrnGpu.Cli.Commands;

/// <summary>The tables that show a model's test metrics beside the baselines on the same pairs.</summary>
public static class ReportTables
{
    /// <summary>One row per model and per baseline, for one fold.</summary>
    public static void Print(RunReport report)
    {
        // The description goes on a line of its own: as a table title it would be wrapped to the table's width.
        Console.WriteLine($"{report.Model}, {report.Split} split, fold {report.Fold}: {report.TestPairs} test gene pairs " +
                          $"(best epoch {report.BestEpoch} of {report.EpochsRun} by {report.Monitor}; threshold {F(report.Threshold)}, {report.ThresholdRule})");
        var table = NewTable();
        AddRow(table, report.Model + (report.TestImagePairs != null ? " (gene pairs)" : ""), report.Test);
        if (report.TestImagePairs is { } images) AddRow(table, report.Model + " (image pairs)", images);
        foreach (var b in report.Baselines) AddRow(table, b.Method, b.Metrics);
        if (report.Stacked is { } stacked) AddRow(table, CrossValidationReport.StackedRow, stacked.Test);
        Write(table);
        if (double.IsNaN(report.Test.Auroc))
            Console.WriteLine($"fold {report.Fold}: the test pairs hold one class, so AUROC is undefined here (a cv summary leaves this fold out of its AUROC means)");
        PrintAnalysis(report.Comparisons, report.Strata, report.Stacked?.Verdict);
    }

    /// <summary>Mean ± sd over folds, one row per method.</summary>
    public static void Print(CrossValidationReport report)
    {
        var table = new Table().Title(Markup.Escape($"{report.Model}, {report.Split} split: mean ± sd over {report.Folds.Count} fold(s)"));
        foreach (var c in new[] { "method", "Acc", "F1", "AUROC", "AUPR" }) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var (method, m) in report.Mean)
            table.AddRow(Markup.Escape(method), S(m["accuracy"]), S(m["f1"]), S(m["auroc"]), S(m["aupr"]));
        Write(table);
        foreach (var note in report.Notes ?? []) Console.WriteLine("note: " + note);
        PrintAnalysis(report.Comparisons, report.Strata, report.Stacked?.Verdict);
    }

    /// <summary>Model minus each baseline with intervals and p, the |r| strata, and the stacked scorer's verdict.</summary>
    public static void PrintAnalysis(IReadOnlyDictionary<string, PairedComparison>? comparisons, IReadOnlyList<CorrelationStratum>? strata, string? stackedVerdict)
    {
        PrintComparisons("model - baseline on the same test pairs (95% bootstrap CI; DeLong p)", comparisons);
        if (strata is { Count: > 0 })
        {
            var table = new Table().Title("AUROC within quintiles of |r| (re-learning |r| gains nothing here)");
            foreach (var c in new[] { "|r| from", "to", "pairs", "positives", "model", "|r|" }) table.AddColumn(new TableColumn(c).RightAligned());
            foreach (var st in strata)
                table.AddRow(F(st.AbsRMin), F(st.AbsRMax), st.Pairs.ToString(CultureInfo.InvariantCulture), st.Positives.ToString(CultureInfo.InvariantCulture),
                    F(st.ModelAuroc), F(st.AbsRAuroc));
            Write(table);
        }
        if (stackedVerdict != null) Console.WriteLine("stacked: " + stackedVerdict);
    }

    /// <summary>One row per compared scorer: the AUROC and AUPR differences, their intervals and DeLong's p.</summary>
    public static void PrintComparisons(string title, IReadOnlyDictionary<string, PairedComparison>? comparisons)
    {
        if (comparisons is not { Count: > 0 }) return;
        var table = new Table().Title(Markup.Escape(title));
        foreach (var c in new[] { "versus", "ΔAUROC", "95% CI", "p", "ΔAUPR", "95% CI" }) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var (name, c) in comparisons)
            table.AddRow(Markup.Escape(name), D(c.AurocDiff), Ci(c.AurocCi), P(c.AurocP), D(c.AuprDiff), Ci(c.AuprCi));
        Write(table);
    }

    private static string D(double v) => double.IsNaN(v) ? "undefined" : v.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
    private static string Ci(double[] ci) => ci.Length == 2&& !double.IsNaN(ci[0]) ? Markup.Escape($"[{D(ci[0])}, {D(ci[1])}]") : "undefined";
    private static string P(double v) => double.IsNaN(v) ? "undefined" : v < 1e-4 ? "<1e-4" : v.ToString("F4", CultureInfo.InvariantCulture);

    public static Table NewTable()
    {
        var table = new Table();
        foreach (var c in new[] { "method", "Acc", "F1", "AUROC", "AUPR", "TP/FP/TN/FN" }) table.AddColumn(new TableColumn(c).RightAligned());
        return table;
    }

    public static void AddRow(Table table, string method, BinaryMetrics m)
    {
        var c = m.Confusion;
        table.AddRow(Markup.Escape(method), F(m.Accuracy), F(m.F1), F(m.Auroc), F(m.Aupr), $"{c.TruePositives}/{c.FalsePositives}/{c.TrueNegatives}/{c.FalseNegatives}");
    }

    public static void Write(Table table)
    {
        // Redirected output (logs, CI) would otherwise be cut to 80 columns and wrap every number.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
            AnsiConsole.Profile.Capabilities.Ansi = false;
        }
        AnsiConsole.Write(table);
    }

    public static string F(double v) => double.IsNaN(v) ? "undefined" : v.ToString("F4", CultureInfo.InvariantCulture);

    private static string S(MetricSummary s) => Markup.Escape(double.IsNaN(s.Mean) ? "undefined" : $"{F(s.Mean)} ± {F(s.Sd)}");
}
