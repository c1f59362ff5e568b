namespace GrnGpu.Models.Training.Charts;

/// <summary>One method's scores of labelled pairs (a model, or a baseline on the same test pairs): one curve of a ROC or PR chart.</summary>
public sealed record ScoredSeries(string Name, int[] Labels, double[] Scores)
{
    /// <summary>ROC and PR curves need both classes; a series with one is left off its chart (its AUROC is undefined too).</summary>
    public bool HasBothClasses => Labels.Contains(0) && Labels.Contains(1);
}
