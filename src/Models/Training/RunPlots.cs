using GrnGpu.Models.Training.Plots;

namespace GrnGpu.Models.Training;

/// <summary>
/// A run's plots, each as SVG and PNG: roc and pr (the model's test gene pairs, and its image pairs for the image
/// models) and learning (training and validation loss, validation accuracy and AUROC per epoch).
/// </summary>
public static class RunPlots
{
    public const string Roc = "roc", PrecisionRecall = "pr", Learning = "learning";

    public static void Write(RunFolder folder, IReadOnlyList<EpochRecord> history, PairScores test, RunReport report)
    {
        var curves = new List<(string Name, int[] Labels, double[] Scores)> { ($"{report.Model} (gene pairs)", test.Labels, test.Scores) };
        if (report.TestImagePairs != null) curves.Add(($"{report.Model} (image pairs)", test.SampleLabels, test.SampleScores));
        string title = $"{report.Model}, {report.Split} split, fold {report.Fold}";
        // A one-class test fold has no ROC or precision-recall curve (its report says AUROC is undefined).
        if (test.Labels.Distinct().Count() == 2)
        {
            ChartFiles.Write(TrainingCharts.Roc(curves, $"ROC: {title}"), folder.File(Roc));
            ChartFiles.Write(TrainingCharts.PrecisionRecall(curves, $"Precision-recall: {title}"), folder.File(PrecisionRecall));
        }
        if (history.Count == 0) return;
        var epochs = history.Select(h => h.Epoch).ToList();
        ChartFiles.Write(TrainingCharts.LearningCurves(epochs,
        [
            ("train loss", history.Select(h => h.Loss).ToList()),
            ("val loss", history.Select(h => h.ValLoss).ToList()),
            ("val accuracy", history.Select(h => h.ValAccuracy).ToList()),
            ("val AUROC", history.Select(h => h.ValAuroc).ToList()),
        ], $"Learning curves: {title}", "loss / metric"), folder.File(Learning));
    }
}
