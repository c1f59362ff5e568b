using GrnGpu.Models.Data;

namespace GrnGpu.Models.Baselines;

/// <summary>The built-in baselines the model is compared with.</summary>
public enum BaselineMethod
{
    /// <summary>|Pearson r| of the TF and target profiles.</summary>
    Pearson,
    /// <summary>|Spearman rho| (average ranks for ties).</summary>
    Spearman,
    /// <summary>Mutual information by Kraskov's k-nearest-neighbour estimator (<see cref="MutualInformationScore"/>).</summary>
    MutualInformation,
    /// <summary>Random forest on [TF values, target values].</summary>
    RandomForest,
}

/// <summary>
/// Knobs of the baselines; <see cref="Trees"/> and <see cref="Seed"/> matter to RF. <see cref="Bins"/> is checked but no
/// baseline reads it any more: MI used the model's histogram, which cannot estimate MI from 72 samples.
/// </summary>
public sealed record BaselineOptions(int Bins = HistogramBuilder.DefaultBins, int Trees = RandomForest.DefaultTrees, int Seed = 0)
{
    /// <summary>Checks the knobs before any data is read.</summary>
    public void Validate()
    {
        _ = new HistogramBuilder(Bins);
        if (Trees < 1) throw new GrnDataException($"--trees {Trees}: a random forest needs at least 1 tree");
        if (Trees > 100_000) throw new GrnDataException($"--trees {Trees}: at most 100000 trees");
    }
}

public static class BaselineMethods
{
    public static BaselineMethod Parse(string name) => name.ToLowerInvariant() switch
    {
        "pearson" => BaselineMethod.Pearson,
        "spearman" => BaselineMethod.Spearman,
        "mi" or "mutual-information" => BaselineMethod.MutualInformation,
        "rf" or "random-forest" => BaselineMethod.RandomForest,
        _ => throw new GrnDataException($"unknown baseline method '{name}'; expected pearson, spearman, mi or rf"),
    };

    public static string Name(this BaselineMethod method) => method switch
    {
        BaselineMethod.Pearson => "pearson",
        BaselineMethod.Spearman => "spearman",
        BaselineMethod.MutualInformation => "mi",
        BaselineMethod.RandomForest => "rf",
        _ => method.ToString(),
    };
}
