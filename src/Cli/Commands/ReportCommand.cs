using System.CommandLine;
using GrnGpu.Cli.Common;
using GrnGpu.Models.Training.Report;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// `grn report PATH`: writes PATH/report.html for a run folder or a cv folder: one self-contained page (charts inline,
/// no network, no script) with the options, learning curves, test metrics beside the baselines and their paired
/// comparisons, ROC and PR, the confusion matrix, per-fold rows and the top predicted edges. `train` and `cv` write
/// it themselves; this rebuilds it (after metrics.json gained comparisons, or for a run made before reports).
/// </summary>
public static class ReportCommand
{
    public static Command Build()
    {
        var folder = new Argument<string>("path") { Description = "A run folder (grn train --out) or a cv folder (grn cv --out)." };
        var command = new Command("report", "Write report.html into a run or cv folder: metrics beside the baselines, comparisons, ROC, PR, learning curves, top edges.");
        command.Arguments.Add(folder);
        command.SetAction(parse => CommonOptions.Run(parse, () =>
        {
            Console.WriteLine($"wrote {ReportFiles.WriteReportOnly(parse.GetValue(folder)!)}");
            return 0;
        }));
        return command;
    }
}
