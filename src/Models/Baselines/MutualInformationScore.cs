using GrnGpu.Models.Data;

namespace GrnGpu.Models.Baselines;

/// <summary>
/// Mutual information (in nats) of the TF and target values, estimated from the same raw 2-D histogram the model
/// sees (<see cref="HistogramBuilder.Counts"/>, B x B bins over each vector's range):
/// MI = sum_ij p_ij ln(p_ij / (p_i. p_.j)), empty bins contributing 0.
/// </summary>
public static class MutualInformationScore
{
    public static double Compute(ReadOnlySpan<double> tf, ReadOnlySpan<double> target, HistogramBuilder histograms)
    {
        var counts = histograms.Counts(tf, target);
        int b = histograms.Bins;
        var rowSums = new double[b];
        var columnSums = new double[b];
        double total = 0;
        for (int r = 0; r < b; r++)
            for (int c = 0; c < b; c++)
            {
                double v = counts[r * b + c];
                rowSums[r] += v;
                columnSums[c] += v;
                total += v;
            }
        if (total == 0) return 0;
        double mi = 0;
        for (int r = 0; r < b; r++)
            for (int c = 0; c < b; c++)
            {
                double v = counts[r * b + c];
                if (v > 0) mi += v / total * Math.Log(v * total / (rowSums[r] * columnSums[c]));
            }
        return Math.Max(0, mi);
    }
}
