namespace GrnGpu.Models.Statistics;

/// <summary>
/// AUROC and average precision of one score vector under integer weights (how often a bootstrap resample drew each
/// pair), from an order sorted once: each resample then costs O(n) instead of a sort. With every weight 1 the two
/// equal <see cref="Metrics.RankingMetrics.Auroc"/> and <see cref="Metrics.RankingMetrics.AveragePrecision"/>
/// (ties half for AUROC; tied scores entering together for AP).
/// </summary>
public sealed class WeightedRanking
{
    private readonly int[] _ascending;      // indices by increasing score
    private readonly int[] _groupEnd;       // for position p: the end (exclusive) of p's run of tied scores
    private readonly int[] _labels;

    public WeightedRanking(ReadOnlySpan<int> labels, ReadOnlySpan<double> scores)
    {
        if (labels.Length != scores.Length) throw new ArgumentException("labels and scores differ in length");
        int n = labels.Length;
        _labels = labels.ToArray();
        _ascending = Enumerable.Range(0, n).ToArray();
        var keys = scores.ToArray();
        Array.Sort(keys, _ascending);
        _groupEnd = new int[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && keys[j] == keys[i]) j++;
            for (int k = i; k < j; k++) _groupEnd[k] = j;
            i = j;
        }
    }

    /// <summary>Weighted Mann-Whitney AUROC; NaN when the weighted labels hold one class only.</summary>
    public double Auroc(ReadOnlySpan<int> weights)
    {
        double below = 0, sum = 0, positives = 0;
        for (int i = 0; i < _ascending.Length;)
        {
            int end = _groupEnd[i];
            double wp = 0, wn = 0;
            for (int k = i; k < end; k++)
            {
                int idx = _ascending[k];
                if (_labels[idx] == 1) wp += weights[idx]; else wn += weights[idx];
            }
            sum += wp * below + 0.5 * wp * wn;
            below += wn;
            positives += wp;
            i = end;
        }
        if (positives == 0 || below == 0) return double.NaN;
        return sum / (positives * below);
    }

    /// <summary>Weighted step-wise average precision (thresholds descending, ties together); NaN without a positive.</summary>
    public double AveragePrecision(ReadOnlySpan<int> weights)
    {
        double totalPositives = 0;
        for (int i = 0; i < _labels.Length; i++) if (_labels[i] == 1) totalPositives += weights[i];
        if (totalPositives == 0) return double.NaN;
        double truePositives = 0, predicted = 0, ap = 0, previousRecall = 0;
        for (int end = _ascending.Length; end > 0;)
        {
            int start = end - 1;
            while (start > 0 && _groupEnd[start - 1] == end) start--;
            for (int k = start; k < end; k++)
            {
                int idx = _ascending[k];
                predicted += weights[idx];
                if (_labels[idx] == 1) truePositives += weights[idx];
            }
            if (predicted > 0)
            {
                double recall = truePositives / totalPositives;
                ap += (recall - previousRecall) * (truePositives / predicted);
                previousRecall = recall;
            }
            end = start;
        }
        return ap;
    }
}
