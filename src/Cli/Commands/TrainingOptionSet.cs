using System.CommandLine;
using System.Globalization;
using GrnGpu.Cli.Common;
using GrnGpu.Engine;
using GrnGpu.Models;
using GrnGpu.Models.Data;
using GrnGpu.Models.Training;

namespace GrnGpu.Cli.Commands;

/// <summary>
/// The options that describe a model's data and training, shared by `train`, `cv` and (the data part) `evaluate`
/// and `predict`, so each idea has one option name everywhere.
/// </summary>
public sealed class TrainingOptionSet
{
    public Option<string> Model { get; } = new("--model") { Description = "rna, sdinet or fusion." };
    public Option<string[]> Expression { get; } = new("--expression")
    {
        Description = "Expression table (xlsx, csv or tsv): symbol, optional id, sample values. Repeat for several tables (the seed: tf_dataset and gene_dataset).",
    };
    public Option<string> Pairs { get; } = new("--pairs") { Description = "Pair list (xlsx, csv or tsv): TF, target, 0/1 label." };
    public Option<string?> Images { get; } = new("--images")
    {
        Description = "Image store root: ROOT/tf/<gene>/<view>/* and ROOT/gene/<gene>/<view>/* (the seed's layout), or ROOT/<gene>/<stage>/* (BDGP sample).",
    };
    public Option<string?> Aliases { get; } = PairDataOptions.Aliases();
    public Option<bool> SkipMissing { get; } = PairDataOptions.SkipMissing();
    public Option<int?> MaxImagePairs { get; } = new("--max-image-pairs") { Description = "Cap of image pairs per gene pair (a seeded choice); default: all." };
    public Option<int> MinImagePairs { get; } = new("--min-image-pairs") { Description = "Gene pairs with fewer image pairs are left out (the seed: 6).", DefaultValueFactory = _ => 6 };
    public Option<string> Split { get; } = new("--split")
    {
        Description = "seed (consecutive folds in file order, as the SDINet paper's code), random, tf-held-out or target-held-out.",
        DefaultValueFactory = _ => "seed",
    };
    public Option<int> Folds { get; } = new("--folds") { Description = "Number of folds.", DefaultValueFactory = _ => Splits.DefaultFolds };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Epochs to train.", DefaultValueFactory = _ => 10 };
    public Option<int> Batch { get; } = new("--batch") { Description = "Samples per step.", DefaultValueFactory = _ => 32 };
    public Option<double> LearningRate { get; } = new("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 3e-4 };
    public Option<string?> LearningRateSteps { get; } = new("--lr-steps") { Description = "Epochs after which the rate is multiplied by 0.1, e.g. 40,70,90 (the seed's schedule)." };
    public Option<int?> EarlyStop { get; } = new("--early-stop") { Description = "Stop after K epochs without improvement of the monitored number." };
    public Option<long> Seed { get; } = new("--seed") { Description = "Random seed (initial weights, shuffling, dropout, random splits).", DefaultValueFactory = _ => 1 };
    public Option<long?> SplitSeed { get; } = new("--split-seed")
    {
        Description = "Seed of the random and held-out splits (default: --seed); fix it to train several seeds on the same folds.",
    };
    public Option<string> Monitor { get; } = new("--monitor")
    {
        Description = "What picks best.safetensors and drives early stopping: val-auroc (gene pairs) or val-loss.",
        DefaultValueFactory = _ => "val-auroc",
    };
    public Option<int> BatchNormBatches { get; } = new("--bn-batches")
    {
        Description = "Training batches over which batch-norm statistics are recomputed before each validation (0: Keras' moving averages only).",
        DefaultValueFactory = _ => 16,
    };
    public Option<string> Baselines { get; } = new("--baselines")
    {
        Description = "Baselines scored on the same test pairs: comma-separated pearson, spearman, mi, rf, or none.",
        DefaultValueFactory = _ => "pearson,spearman,mi",
    };
    public Option<bool> Stack { get; } = new("--stack")
    {
        Description = "Also report a stacked scorer: logistic regression on the model's logit and the pearson, spearman and mi scores, fitted on the validation pairs (default: on in cv, off in train; --stack false turns it off).",
    };
    public Option<double?> Threshold { get; } = new("--threshold") { Description = "Fixed decision threshold; default: the one that maximises validation accuracy." };
    public Option<string> ImageSize { get; } = new("--image-size")
    {
        Description = "Height x width each image is resized to (the seed's 128x320; e.g. 64x160 trains four times faster on a CPU).",
        DefaultValueFactory = _ => "128x320",
    };
    public Option<string> Device { get; } = CommonOptions.Device();

    public IEnumerable<Option> Data => [Model, Expression, Pairs, Images, Aliases, SkipMissing, MaxImagePairs, MinImagePairs];
    public IEnumerable<Option> ImageResolution => [ImageSize];
    public IEnumerable<Option> Training => [Split, Folds, Epochs, Batch, LearningRate, LearningRateSteps, EarlyStop, Seed, SplitSeed, Monitor, BatchNormBatches, Baselines, Stack, Threshold, Device];

    /// <param name="pairsSource">Where the pairs come from when not from --pairs (predict --all-pairs).</param>
    public TrainingDataSource DataSource(ParseResult parse, ModelKind? kind = null, string? pairsSource = null)
    {
        var model = kind ?? ModelKinds.Parse(parse.GetValue(Model) ?? throw new GrnException("--model is required: rna, sdinet or fusion"));
        string pairs = pairsSource ?? parse.GetValue(Pairs) ?? throw new GrnException("--pairs is required: the pair list (TF, target, label)");
        // Full paths, so a run's config.json can be resumed from any working folder.
        static string Full(string path) => string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path);
        return new TrainingDataSource(model, Full(pairs), (parse.GetValue(Expression) ?? []).Select(Full).ToList(),
            parse.GetValue(Images) is string images ? Full(images) : null, parse.GetValue(Aliases) is string aliases ? Full(aliases) : null,
            parse.GetValue(SkipMissing), parse.GetValue(MaxImagePairs), parse.GetValue(MinImagePairs), parse.GetValue(Seed));
    }

    public TrainOptions Options(ParseResult parse, int fold) => new()
    {
        Data = DataSource(parse),
        Split = Splits.Parse(parse.GetValue(Split)!),
        Folds = parse.GetValue(Folds),
        Fold = fold,
        Epochs = parse.GetValue(Epochs),
        BatchSize = parse.GetValue(Batch),
        LearningRate = parse.GetValue(LearningRate),
        LearningRateSteps = ParseSteps(parse.GetValue(LearningRateSteps)),
        EarlyStop = parse.GetValue(EarlyStop),
        Seed = parse.GetValue(Seed),
        SplitSeed = parse.GetValue(SplitSeed),
        Monitor = parse.GetValue(Monitor)!.ToLowerInvariant() switch
        {
            "val-auroc" or "val_auroc" or "auroc" => Models.Training.Monitor.ValAuroc,
            "val-loss" or "val_loss" or "loss" => Models.Training.Monitor.ValLoss,
            var other => throw new GrnException($"--monitor {other}: expected val-auroc or val-loss"),
        },
        BatchNormBatches = parse.GetValue(BatchNormBatches),
        Baselines = ParseBaselines(parse.GetValue(Baselines)!),
        Threshold = parse.GetValue(Threshold),
        Stack = parse.GetValue(Stack),
        ImageHeight = ParseSize(parse.GetValue(ImageSize)!).Height,
        ImageWidth = ParseSize(parse.GetValue(ImageSize)!).Width,
    };

    public static (int Height, int Width) ParseSize(string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int h)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int w))
            return (h, w);
        throw new GrnException($"--image-size {text}: expected HEIGHTxWIDTH, e.g. 128x320");
    }

    public static string[] ParseBaselines(string text) =>
        text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) || text.Trim().Length == 0
            ? []
            : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static int[] ParseSteps(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int e)
                ? e
                : throw new GrnException($"--lr-steps {text}: '{s}' is not a whole number of epochs"))
            .ToArray();
    }
}
