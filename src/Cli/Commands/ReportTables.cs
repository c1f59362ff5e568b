using System.Globalization;
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
        Write(table);
    }

    /// <summary>Mean ± sd over folds, one row per method.</summary>
    public static void Print(CrossValidationReport report)
    {
        var table = new Table().Title(Markup.Escape($"{report.Model}, {report.Split} split: mean ± sd over {report.Folds.Count} fold(s)"));
        foreach (var c in new[] { "method", "Acc", "F1", "AUROC", "AUPR" }) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var (method, m) in report.Mean)
            table.AddRow(Markup.Escape(method), S(m["accuracy"]), S(m["f1"]), S(m["auroc"]), S(m["aupr"]));
        Write(table);
    }

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
