using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Models.Data.Output;
using GrnGpu.Models.Training;
using Spectre.Console;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn ensemble --runs RUN... --out DIR`: the mean of several seeds' test scores on one fold (runs trained with the
/// same options but --seed, and one --split-seed), its AUROC and AUPR beside each seed's and each baseline's.
/// </summary>
public static class EnsembleCommand
{
    public static Command Build()
    {
        var runs = new Option<string[]>("--runs") { Description = "Finished run folders (e.g. CV-seed1/fold-0 CV-seed2/fold-0 ...), one per seed.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out") { Description = "Folder for metrics.json, scores.tsv and manifest.json (written as one set)." };
        var command = new Command("ensemble", "Average the test scores of runs that differ only in --seed, and compare the mean with each seed and each baseline.");
        command.Options.Add(runs);
        command.Options.Add(output);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            using var set = parse.GetValue(output) is string dir ? OutputFolder.Begin(dir, new OutputRequest(EnsembleReport.Kind, CommandLine.Current())) : null;
            var (report, table) = Ensemble.Of(parse.GetValue(runs)!);
            Print(report);
            if (set != null)
            {
                File.WriteAllText(Path.Combine(set.Staging, MetricsReportWriter.MetricsFile), report.ToJson());
                table.Write(Path.Combine(set.Staging, ScoreTable.FileName));
                set.Set("model", report.Model);
                set.Set("split", report.Split);
                set.Set("fold", report.Fold);
                set.Commit();
                Console.WriteLine($"wrote {Path.Combine(set.Target, MetricsReportWriter.MetricsFile)} and {ScoreTable.FileName}");
            }
            return 0;
        }));
        return command;
    }

    private static void Print(EnsembleReport r)
    {
        Console.WriteLine($"{r.Model}, {r.Split} split, fold {r.Fold}: mean of {r.Members.Count} seeds' scores on {r.TestPairs} test gene pairs");
        var table = new Table();
        foreach (var c in new[] { "scorer", "AUROC", "AUPR" }) table.AddColumn(new TableColumn(c).RightAligned());
        table.AddRow("ensemble", ReportTables.F(r.Auroc), ReportTables.F(r.Aupr));
        foreach (var m in r.Members) table.AddRow($"seed {m.Seed}", ReportTables.F(m.Auroc), ReportTables.F(m.Aupr));
        ReportTables.Write(table);
        ReportTables.PrintComparisons("ensemble - baseline on the same test pairs (95% bootstrap CI; DeLong p)", r.Comparisons);
        ReportTables.PrintComparisons("ensemble - one seed", r.VersusMembers);
    }
}
