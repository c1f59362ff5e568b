namespace GrnGpu.Models.Metrics;

/// <summary>One scored pair of a test fold.</summary>
public sealed record Prediction(string Tf, string Target, int Label, double Score, int Fold);

/// <summary>A test fold's metrics and sizes.</summary>
public sealed record FoldMetrics(int Fold, int TrainCount, int ValidationCount, int TestCount, BinaryMetrics Metrics);

/// <summary>Mean and sample standard deviation (n - 1; 0 for a single fold) over folds, NaN folds skipped.</summary>
public sealed record MetricSummary(double Mean, double Sd)
{
    public static MetricSummary Of(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).ToArray();
        if (v.Length == 0) return new MetricSummary(double.NaN, double.NaN);
        double mean = v.Average();
        double sd = v.Length < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return new MetricSummary(mean, sd);
    }

    public override string ToString() => $"{Mean:F4} ± {Sd:F4}";
}

/// <summary>
/// The result of evaluating one method (a baseline or a trained model) over one or more test folds: per fold
/// metrics, their mean ± sd, and every test prediction. Written by <see cref="Training.MetricsReportWriter"/>.
/// </summary>
public sealed class MetricsReport
{
    public MetricsReport(string method, string split, IReadOnlyList<FoldMetrics> folds, IReadOnlyList<Prediction> predictions, double seconds = 0)
    {
        Method = method;
        Split = split;
        Folds = folds;
        Predictions = predictions;
        Seconds = seconds;
    }

    public string Method { get; }
    public string Split { get; }
    public IReadOnlyList<FoldMetrics> Folds { get; }
    public IReadOnlyList<Prediction> Predictions { get; }

    /// <summary>Wall time of the evaluation, for the record.</summary>
    public double Seconds { get; init; }

    public MetricSummary Accuracy => MetricSummary.Of(Folds.Select(f => f.Metrics.Accuracy));
    public MetricSummary F1 => MetricSummary.Of(Folds.Select(f => f.Metrics.F1));
    public MetricSummary Auroc => MetricSummary.Of(Folds.Select(f => f.Metrics.Auroc));
    public MetricSummary Aupr => MetricSummary.Of(Folds.Select(f => f.Metrics.Aupr));
}
