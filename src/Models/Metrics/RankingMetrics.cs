namespace GrnGpu.Models.Metrics;

/// <summary>Threshold-free metrics of scores against 0/1 labels (higher score = more likely 1).</summary>
public static class RankingMetrics
{
    /// <summary>
    /// Area under the ROC curve = P(score of a random positive &gt; score of a random negative) + 0.5 P(tie),
    /// computed from average ranks (Mann-Whitney U); this equals the trapezoidal area under the ROC curve with tied
    /// scores as one step (sklearn's roc_auc_score). NaN when the labels hold only one class.
    /// </summary>
    public static double Auroc(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        CheckLengths(labels, scores);
        var ranks = AverageRanks(scores);
        long positives = 0;
        double rankSum = 0;
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] == 1) { positives++; rankSum += ranks[i]; }
        long negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// Area under the precision-recall curve as average precision, step-wise (sklearn's average_precision_score):
    /// AP = sum over distinct score thresholds t (descending) of (R(t) - R(previous t)) * P(t), where all pairs with
    /// score &gt;= t are predicted positive (tied scores enter together). NaN when there is no positive.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        CheckLengths(labels, scores);
        int n = labels.Length;
        var order = Enumerable.Range(0, n).ToArray();
        var keys = scores.ToArray();
        // Descending by score.
        Array.Sort(keys, order, Comparer<double>.Create((a, b) => b.CompareTo(a)));
        int totalPositives = 0;
        foreach (int l in labels) if (l == 1) totalPositives++;
        if (totalPositives == 0) return double.NaN;
        double ap = 0, previousRecall = 0;
        int truePositives = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && keys[j] == keys[i]) { if (labels[order[j]] == 1) truePositives++; j++; }
            double recall = (double)truePositives / totalPositives;
            double precision = (double)truePositives / j;
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
            i = j;
        }
        return ap;
    }

    /// <summary>1-based ranks, ties given the average of the ranks they span.</summary>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var order = Enumerable.Range(0, n).ToArray();
        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && keys[j] == keys[i]) j++;
            double rank = (i + 1 + j) / 2.0; // average of ranks i+1 .. j
            for (int k = i; k < j; k++) ranks[order[k]] = rank;
            i = j;
        }
        return ranks;
    }

    private static void CheckLengths(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        if (labels.Length != scores.Length) throw new ArgumentException("labels and scores differ in length");
        foreach (double s in scores) if (double.IsNaN(s)) throw new ArgumentException("a score is NaN");
    }
}
