namespace GrnGpu.Models.Metrics;

/// <summary>Counts of a binary decision against the labels (1 = positive).</summary>
public sealed record ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public static ConfusionMatrix From(ReadOnlySpan<int> labels, ReadOnlySpan<int> predicted)
    {
        if (labels.Length != predicted.Length) throw new ArgumentException("labels and predictions differ in length");
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            bool positive = labels[i] == 1, predictedPositive = predicted[i] == 1;
            if (positive && predictedPositive) tp++;
            else if (predictedPositive) fp++;
            else if (positive) fn++;
            else tn++;
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }
}
