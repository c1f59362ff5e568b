using GrnGpu.Models.Baselines;
using GrnGpu.Models.Metrics;
using GrnGpu.Models.Statistics;

namespace GrnGpu.Models.Training;

/// <summary>The stacked scorer of one fold: what it combines, its fit, and its test metrics beside its parts.</summary>
/// <param name="Features">model_logit, then the baselines' scores, in the order of <paramref name="Coefficients"/> (after the intercept).</param>
public sealed record StackedReport(IReadOnlyList<string> Features, double[] Coefficients, double Threshold, string ThresholdRule, BinaryMetrics Test,
    IReadOnlyDictionary<string, PairedComparison>? Comparisons, bool BeatsAll, string Verdict);

/// <summary>
/// Logistic regression on the model's logit and the score-only baselines' scores, fitted on the fold's validation
/// pairs only (the test pairs are never seen; the model chose its best epoch on the same pairs, so the fit may slightly
/// favour the model). The random forest is left out: it is trained on train + validation, so its validation scores
/// are in-sample and a fit on them would trust it too much.
/// </summary>
public static class StackedScorer
{
    public const string ModelFeature = "model_logit";

    /// <summary>The model's probability as a logit (clamped: a probability of exactly 0 or 1 has none).</summary>
    public static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-7, 1 - 1e-7);
        return Math.Log(p / (1 - p));
    }

    public static bool CanStack(BaselineMethod method) => method != BaselineMethod.RandomForest;

    /// <summary>
    /// Fits on the validation rows and scores the test rows; <paramref name="validation"/>[f] and <paramref name="test"/>[f]
    /// are feature f's values (the model's probability first, turned into its logit here). The decision threshold
    /// maximises accuracy on the validation pairs, as the model's does.
    /// </summary>
    public static (double[] TestScores, double[] Coefficients, double Threshold, string Rule) Fit(int[] validationLabels, IReadOnlyList<double[]> validation,
        IReadOnlyList<double[]> test)
    {
        double[][] Rows(IReadOnlyList<double[]> columns) => Enumerable.Range(0, columns[0].Length)
            .Select(i => columns.Select((c, f) => f == 0 ? Logit(c[i]) : c[i]).ToArray()).ToArray();
        var fit = LogisticRegression.Fit(Rows(validation), validationLabels);
        var validationScores = Rows(validation).Select(r => fit.Predict(r)).ToArray();
        var testScores = Rows(test).Select(r => fit.Predict(r)).ToArray();
        double threshold = ThresholdChooser.MaximiseAccuracy(validationLabels, validationScores);
        return double.IsFinite(threshold)
            ? (testScores, fit.Coefficients, threshold, "maximises accuracy on the validation gene pairs")
            : (testScores, fit.Coefficients, 0.5, "0.5: the validation gene pairs could not pick one");
    }
}
