using GrnGpu.Engine;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Networks;

namespace GrnGpu.Models.Training;

/// <summary>Where a model's inputs come from: the pair list, expression tables (RNA and fusion), an image store (SDINet and fusion).</summary>
public sealed record TrainingDataSource(
    ModelKind Model,
    string PairsFile,
    IReadOnlyList<string> ExpressionFiles,
    string? ImagesRoot = null,
    string? AliasFile = null,
    bool SkipMissing = false,
    int? MaxImagePairs = null,
    int MinImagePairs = 6,
    long ImageSeed = 0);

/// <summary>
/// The gene pairs a model can score, with what it needs to build each pair's inputs: expression profiles (for the
/// histogram) and image pairs (for the image trunk). <see cref="Usable"/> lists the pairs the model can see: every
/// resolved pair for the RNA model, the pairs with at least the minimum number of image pairs for the image models
/// (the seed's rule), in pair-file order. Folds are cut over <see cref="Usable"/>, so baselines and model are scored
/// on the same test pairs.
/// </summary>
public sealed class TrainingData
{
    private readonly int[] _keptOf;   // gene pair -> index into Images.GenePairs, or -1

    public ModelKind Model { get; }
    public IReadOnlyList<GenePair> Pairs { get; }
    /// <summary>Expression of each pair (same order as <see cref="Pairs"/>); null for SDINet, which needs none.</summary>
    public ResolvedPairs? Expression { get; }
    public ImagePairSet? Images { get; }
    public int[] Usable { get; }
    public HistogramBuilder Histograms { get; }

    private TrainingData(ModelKind model, IReadOnlyList<GenePair> pairs, ResolvedPairs? expression, ImagePairSet? images, int bins)
    {
        Model = model;
        Pairs = pairs;
        Expression = expression;
        Images = images;
        Histograms = new HistogramBuilder(bins);
        _keptOf = Enumerable.Repeat(-1, pairs.Count).ToArray();
        if (images != null)
            for (int k = 0; k < images.GenePairs.Count; k++) _keptOf[images.GenePairs[k].SourceIndex] = k;
        Usable = images == null ? Enumerable.Range(0, pairs.Count).ToArray() : images.GenePairs.Select(g => g.SourceIndex).ToArray();
    }

    public bool HasLabels => Pairs.Count > 0 && Pairs.All(p => p.Label != null);

    public static bool NeedsExpression(ModelKind kind) => kind != ModelKind.SdiNet;
    public static bool NeedsImages(ModelKind kind) => kind != ModelKind.Rna;

    /// <summary>
    /// Reads and resolves everything up front, so bad input fails before any training starts. The pairs come from
    /// <see cref="TrainingDataSource.PairsFile"/>, or from <paramref name="pairList"/> when given (`predict --all-pairs`).
    /// Expression tables are read when the model needs them, or when given (the baselines use them).
    /// </summary>
    public static TrainingData Load(TrainingDataSource source, NetworkDimensions dimensions, Action<string>? warn = null, PairList? pairList = null)
    {
        var kind = source.Model;
        if (NeedsExpression(kind) && source.ExpressionFiles.Count == 0)
            throw new GrnDataException($"the {kind.Name()} model reads RNA-seq histograms: give at least one --expression table");
        // Folds are cut over these pairs: a repeated line would put one pair on two sides of a split.
        var list = (pairList ?? PairListReader.Read(source.PairsFile)).MergeRepeats();
        IReadOnlyList<GenePair> pairs = list.Pairs;
        ResolvedPairs? expression = null;
        if (source.ExpressionFiles.Count > 0)
        {
            var table = ExpressionTableReader.ReadAll(source.ExpressionFiles);
            var aliases = source.AliasFile == null ? SymbolAliases.SeedDefault : SymbolAliases.Load(source.AliasFile);
            expression = PairResolver.Resolve(list, table, aliases, source.SkipMissing, warn);
            pairs = expression.Pairs.Select(p => p.Pair).ToList();
        }
        if (pairs.Count == 0) throw new GrnDataException($"{list.Source}: no gene pairs");

        ImagePairSet? images = null;
        if (NeedsImages(kind))
        {
            if (source.ImagesRoot == null)
                throw new GrnDataException($"the {kind.Name()} model reads in situ images: give --images ROOT (ROOT/tf/<gene>/<view>/*.bmp, ROOT/gene/<gene>/<view>/*.bmp)");
            var store = ImageStore.Open(source.ImagesRoot);
            var size = kind == ModelKind.SdiNet ? dimensions.SdiNetImage : (dimensions.FusionImage.Height / 2, dimensions.FusionImage.Width);
            var options = new ImagePairOptions
            {
                Filter = new ImageFilterOptions { Width = size.Item2, Height = size.Item1 },
                MinImagePairs = source.MinImagePairs,
                MaxImagePairsPerGenePair = source.MaxImagePairs,
                Seed = source.ImageSeed,
            };
            images = ImagePairBuilder.Build(store, pairs.Select(p => (p.Tf, p.Target, p.Label ?? 0)), options);
            if (images.GenePairs.Count == 0)
                throw new GrnDataException($"{source.ImagesRoot}: none of the {pairs.Count} gene pairs of {source.PairsFile} has {source.MinImagePairs} or more image pairs " +
                                           $"({images.RejectedImages.Count} image(s) rejected by the filters); check the gene names and the layout ROOT/tf/<gene>/<view>/*");
        }
        return new TrainingData(kind, pairs, expression, images, dimensions.HistogramBins);
    }

    public int Label(int pair) => Pairs[pair].Label ?? 0;

    /// <summary>How many samples pair <paramref name="pair"/> gives: its image pairs, or 1 for the RNA model.</summary>
    public int SampleCount(int pair) => Images == null ? 1 : Images.GenePairs[Kept(pair)].PairCount;

    /// <summary>The samples of the given gene pairs (image pairs for image models), as a batch source.</summary>
    public ModelSamples Samples(Network network, IReadOnlyList<int> pairs) => new(this, network, pairs);

    /// <summary>The scaled histogram of pair <paramref name="pair"/> into <paramref name="destination"/>.</summary>
    public void WriteHistogram(int pair, Span<float> destination)
    {
        var resolved = Expression?.Pairs[pair] ?? throw new InvalidOperationException("this data set has no expression tables");
        Histograms.Build(resolved.Tf.Values, resolved.Target.Values, destination);
    }

    internal int Kept(int pair)
    {
        int k = _keptOf[pair];
        if (k < 0) throw new ArgumentException($"gene pair {Pairs[pair].Tf} -> {Pairs[pair].Target} has too few image pairs to be used");
        return k;
    }
}
