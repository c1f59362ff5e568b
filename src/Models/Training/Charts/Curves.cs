namespace GrnGpu.Models.Training.Charts;

/// <summary>
/// The points of ROC and precision-recall curves from 0/1 labels and scores (higher = more likely 1). Tied scores
/// enter together as one step, exactly as <see cref="Metrics.RankingMetrics"/> counts them, so the trapezoidal area under
/// <see cref="Roc"/> is <see cref="Metrics.RankingMetrics.Auroc"/> and under <see cref="PrecisionRecall"/> is
/// <see cref="Metrics.RankingMetrics.AveragePrecision"/>. Points in the middle of a straight horizontal or vertical run
/// are dropped (they change neither the drawing nor the area), so a curve has at most about two points per
/// distinct score.
/// </summary>
public static class Curves
{
    /// <summary>(false positive rate, true positive rate) from (0, 0) to (1, 1), one point per distinct score.</summary>
    public static (double X, double Y)[] Roc(int[] labels, double[] scores) => Roc(labels, scores, null);

    /// <summary>
    /// The step-wise precision-recall curve as (recall, precision): from (0, P1), for each distinct score
    /// threshold t (descending) a vertical step to P(t) at the previous recall, then a horizontal run to R(t);
    /// it ends at (1, fraction of positives). The area under these points is the average precision.
    /// </summary>
    public static (double X, double Y)[] PrecisionRecall(int[] labels, double[] scores) => PrecisionRecall(labels, scores, null);

    /// <summary>Trapezoidal area under points taken in order (x should not decrease).</summary>
    public static double Area(IReadOnlyList<(double X, double Y)> points)
    {
        double area = 0;
        for (int i = 1; i < points.Count; i++)
            area += (points[i].X - points[i - 1].X) * (points[i].Y + points[i - 1].Y) / 2;
        return area;
    }

    internal static (double X, double Y)[] Roc(int[] labels, double[] scores, string? name)
    {
        var (order, positives) = Prepare(labels, scores, name);
        int negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException(Prefix(name) + $"a ROC curve needs both classes; the labels hold {positives} positives and {negatives} negatives", nameof(labels));
        var points = new Simplifier();
        points.Add(0, 0);
        int tp = 0, fp = 0;
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                if (labels[order[j]] == 1) tp++; else fp++;
                j++;
            }
            points.Add((double)fp / negatives, (double)tp / positives);
            i = j;
        }
        return points.ToArray();
    }

    internal static (double X, double Y)[] PrecisionRecall(int[] labels, double[] scores, string? name)
    {
        var (order, positives) = Prepare(labels, scores, name);
        if (positives == 0)
            throw new ArgumentException(Prefix(name) + "a precision-recall curve needs at least one positive label", nameof(labels));
        var points = new Simplifier();
        double previousRecall = 0;
        int tp = 0;
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                if (labels[order[j]] == 1) tp++;
                j++;
            }
            double recall = (double)tp / positives, precision = (double)tp / j;
            points.Add(previousRecall, precision);
            points.Add(recall, precision);
            previousRecall = recall;
            i = j;
        }
        return points.ToArray();
    }

    /// <summary>Checks the inputs; returns the indices by descending score and the number of positives.</summary>
    private static (int[] Order, int Positives) Prepare(int[] labels, double[] scores, string? name)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Length != scores.Length)
            throw new ArgumentException(Prefix(name) + $"{labels.Length} labels but {scores.Length} scores", nameof(scores));
        if (labels.Length == 0)
            throw new ArgumentException(Prefix(name) + "no labels and scores: a curve needs at least one", nameof(labels));
        int positives = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0 or 1))
                throw new ArgumentException(Prefix(name) + $"label {i} is {labels[i]}; expected 0 or 1", nameof(labels));
            if (double.IsNaN(scores[i]))
                throw new ArgumentException(Prefix(name) + $"score {i} is NaN", nameof(scores));
            positives += labels[i];
        }
        var order = Enumerable.Range(0, labels.Length).ToArray();
        Array.Sort(scores.ToArray(), order, Comparer<double>.Create((a, b) => b.CompareTo(a)));
        return (order, positives);
    }

    private static string Prefix(string? name) => name == null ? "" : $"series '{name}': ";

    /// <summary>Collects points, dropping repeats and the middle of straight horizontal or vertical runs.</summary>
    private sealed class Simplifier
    {
        private readonly List<(double X, double Y)> _points = [];

        public void Add(double x, double y)
        {
            int n = _points.Count;
            if (n > 0 && _points[n - 1] == (x, y)) return;
            if (n >= 2)
            {
                var (a, b) = (_points[n - 2], _points[n - 1]);
                if ((a.X == b.X && b.X == x && (b.Y - a.Y) * (y - b.Y) >= 0) || (a.Y == b.Y && b.Y == y && (b.X - a.X) * (x - b.X) >= 0))
                {
                    _points[n - 1] = (x, y);
                    return;
                }
            }
            _points.Add((x, y));
        }

        public (double X, double Y)[] ToArray() => _points.ToArray();
    }
}
