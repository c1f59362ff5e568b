namespace GrnGpu.Models.Baselines;

/// <summary>
/// Picks the decision threshold of a score-only method from training pairs only (never the test fold): the
/// threshold t maximising the accuracy of "score &gt;= t means 1". Candidates are -inf, the midpoints between
/// consecutive distinct training scores, and +inf; ties in accuracy keep the lowest candidate.
/// </summary>
public static class ThresholdChooser
{
    public static double MaximiseAccuracy(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        if (labels.Length != scores.Length) throw new ArgumentException("labels and scores differ in length");
        int n = labels.Length;
        if (n == 0) return 0.5;
        var keys = scores.ToArray();
        var sortedLabels = labels.ToArray();
        Array.Sort(keys, sortedLabels);
        int positives = sortedLabels.Count(l => l == 1);
        // Threshold below everything: all predicted 1, correct = positives.
        int correct = positives, bestCorrect = correct;
        double best = double.NegativeInfinity;
        for (int i = 0; i < n;)
        {
            int j = i;
            // Moving the threshold above this group of equal scores predicts them 0.
            while (j < n && keys[j] == keys[i]) { correct += sortedLabels[j] == 1 ? -1 : 1; j++; }
            if (correct > bestCorrect)
            {
                bestCorrect = correct;
                best = j < n ? Midpoint(keys[i], keys[j]) : double.PositiveInfinity;
            }
            i = j;
        }
        return best;
    }

    /// <summary>A value in (low, high]: the midpoint, or high itself when the two are adjacent doubles.</summary>
    private static double Midpoint(double low, double high)
    {
        double mid = low + (high - low) / 2;
        return mid > low && mid <= high ? mid : high;
    }
}
