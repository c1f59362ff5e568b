namespace GrnGpu.Models.Metrics;

/// <summary>
/// The metrics every evaluation reports (baselines and trained models alike): accuracy, F1 (of class 1),
/// AUROC (<see cref="RankingMetrics.Auroc"/>), AUPR as average precision (<see cref="RankingMetrics.AveragePrecision"/>)
/// and the confusion matrix at <see cref="Threshold"/> (predicted 1 when score &gt;= threshold).
/// F1 is 0 when there are no true positives; AUROC/AUPR are undefined when a class is absent from the labels: NaN here,
/// null in metrics.json, "undefined" on screen (never averaged into the mean).
/// </summary>
public sealed record BinaryMetrics(double Accuracy, double F1, double Auroc, double Aupr, double Threshold, ConfusionMatrix Confusion)
{
    public static BinaryMetrics Compute(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores, double threshold)
    {
        if (labels.Length == 0) throw new ArgumentException("no labels to evaluate");
        var predicted = new int[scores.Length];
        for (int i = 0; i < scores.Length; i++) predicted[i] = scores[i] >= threshold ? 1 : 0;
        var c = ConfusionMatrix.From(labels, predicted);
        double accuracy = (double)(c.TruePositives + c.TrueNegatives) / c.Total;
        double f1 = c.TruePositives == 0 ? 0 : 2.0 * c.TruePositives / (2.0 * c.TruePositives + c.FalsePositives + c.FalseNegatives);
        return new BinaryMetrics(accuracy, f1, RankingMetrics.Auroc(labels, scores), RankingMetrics.AveragePrecision(labels, scores), threshold, c);
    }
}
