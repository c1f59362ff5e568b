namespace GrnGpu.Models.Training;

/// <summary>The run's ROC, precision-recall and learning-curve plots (SVG and PNG).</summary>
public static class RunPlots
{
    public static void Write(RunFolder folder, IReadOnlyList<EpochRecord> history, PairScores test, RunReport report)
    {
    }
}
