using System.Text.Json;
using System.Text.Json.Serialization;
using GrnGpu.Engine;
using GrnGpu.Engine.Optim;
using GrnGpu.Models.Data;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Training;

/// <summary>Which validation number picks best.safetensors and drives early stopping.</summary>
public enum Monitor
{
    /// <summary>Validation AUROC over gene pairs (higher is better; ties go to the lower validation loss).</summary>
    ValAuroc,
    /// <summary>Validation loss over samples (lower is better).</summary>
    ValLoss,
}

/// <summary>
/// Everything a training run depends on; written to the run's config.json, from which <c>--resume</c> rebuilds the
/// run exactly. Defaults are the seed's: Adam at 3e-4, batch 32.
/// </summary>
public sealed record TrainOptions
{
    public required TrainingDataSource Data { get; init; }
    public SplitKind Split { get; init; } = SplitKind.Seed;
    public int Folds { get; init; } = Splits.DefaultFolds;
    public int Fold { get; init; }
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 3e-4;
    /// <summary>Epochs (1-based counts of finished epochs) at which the rate is multiplied by <see cref="LearningRateFactor"/>.</summary>
    public int[] LearningRateSteps { get; init; } = [];
    public double LearningRateFactor { get; init; } = 0.1;
    /// <summary>Stop after this many epochs without improvement of <see cref="Monitor"/>; null: never.</summary>
    public int? EarlyStop { get; init; }
    public long Seed { get; init; } = 1;
    /// <summary>
    /// Seed of a random or held-out split; null: <see cref="Seed"/>. Set, it lets runs of several seeds (an ensemble)
    /// share one fold's test pairs, which --seed alone would move for the random and held-out splits.
    /// </summary>
    public long? SplitSeed { get; init; }
    public Monitor Monitor { get; init; } = Monitor.ValAuroc;
    /// <summary>Training batches over which batch-norm statistics are recomputed before each validation; 0: Keras' moving averages only.</summary>
    public int BatchNormBatches { get; init; } = 16;
    /// <summary>Baselines scored on the same test pairs (need expression tables).</summary>
    public string[] Baselines { get; init; } = ["pearson", "spearman", "mi"];
    /// <summary>
    /// Report a stacked scorer too: logistic regression on the model's logit and the score-only baselines, fitted on the
    /// validation pairs (<see cref="StackedScorer"/>). It changes the report only, so a resumed run may change it.
    /// </summary>
    public bool Stack { get; init; }
    /// <summary>Fixed decision threshold; null: the one that maximises validation accuracy.</summary>
    public double? Threshold { get; init; }
    /// <summary>
    /// Size each grey image is resized to (the seed's: 128 x 320). The image trunks end in global pooling, so the same
    /// networks train at a lower resolution, four times cheaper per halving of both sides (the demo's choice on CPUs).
    /// </summary>
    public int ImageHeight { get; init; } = 128;
    public int ImageWidth { get; init; } = 320;

    /// <summary>The seed's networks, at <see cref="ImageHeight"/> x <see cref="ImageWidth"/> per image.</summary>
    public NetworkDimensions Dimensions() => NetworkDimensions.Full with
    {
        SdiNetImage = (ImageHeight, ImageWidth),
        FusionImage = (2 * ImageHeight, ImageWidth),
    };

    public ModelKind Model => Data.Model;

    public void Validate()
    {
        if (Epochs < 1) throw new GrnException($"--epochs {Epochs}: expected at least 1");
        if (BatchSize < 1 || BatchSize > 4096) throw new GrnException($"--batch {BatchSize}: expected 1 to 4096");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new GrnException($"--lr {LearningRate}: expected a positive number");
        if (Folds < 2) throw new GrnException($"--folds {Folds}: expected at least 2");
        if (Fold < 0 || Fold >= Folds) throw new GrnException($"--fold {Fold} is outside 0..{Folds - 1}");
        if (EarlyStop is < 1) throw new GrnException($"--early-stop {EarlyStop}: expected at least 1 epoch");
        if (BatchNormBatches < 0) throw new GrnException($"--bn-batches {BatchNormBatches}: expected 0 or more");
        if (Threshold is double t && !(t >= 0 && t <= 1)) throw new GrnException($"--threshold {t}: expected a probability in [0, 1]");
        if (ImageHeight < 16 || ImageWidth < 16 || ImageHeight > 1024 || ImageWidth > 1024)
            throw new GrnException($"--image-size {ImageHeight}x{ImageWidth}: expected 16 to 1024 pixels per side");
        if (Data.MinImagePairs < 1) throw new GrnException($"--min-image-pairs {Data.MinImagePairs}: expected at least 1");
        if (Data.MaxImagePairs is int cap && cap < Data.MinImagePairs)
            throw new GrnException($"--max-image-pairs {cap}: expected at least --min-image-pairs ({Data.MinImagePairs})");
        for (int i = 0; i < LearningRateSteps.Length; i++)
            if (LearningRateSteps[i] < 1 || (i > 0 && LearningRateSteps[i] <= LearningRateSteps[i - 1]))
                throw new GrnException($"--lr-steps {string.Join(',', LearningRateSteps)}: expected increasing epochs of at least 1");
        foreach (var b in Baselines) GrnGpu.Models.Baselines.BaselineMethods.Parse(b);
    }

    public LearningRateSchedule Schedule() => LearningRateSteps.Length == 0
        ? LearningRateSchedule.Constant(LearningRate)
        : LearningRateSchedule.StepDecay(LearningRate, LearningRateFactor, LearningRateSteps);

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
