namespace GrnGpu.Models.Baselines;

/// <summary>
/// A random forest classifier of our own: each tree is grown on a bootstrap sample (n draws with replacement)
/// searching sqrt(features) random features per split (Gini); the forest's P(label = 1) is the mean of the trees'
/// leaf fractions. Trees are grown in parallel, each with its own RNG derived from (seed, tree index), so the
/// result depends only on the seed, not on thread scheduling.
/// </summary>
public sealed class RandomForest
{
    public const int DefaultTrees = 300;

    private readonly DecisionTree[] _trees;

    private RandomForest(DecisionTree[] trees, int featureCount)
    {
        _trees = trees;
        FeatureCount = featureCount;
    }

    public int FeatureCount { get; }
    public int TreeCount => _trees.Length;

    /// <param name="rows">rows[i] = features of sample i (all the same length).</param>
    public static RandomForest Train(IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, int trees = DefaultTrees, int seed = 0, int? featuresPerSplit = null)
    {
        if (rows.Count == 0 || rows.Count != labels.Count) throw new ArgumentException("need as many label as feature rows, and at least one");
        if (trees < 1) throw new ArgumentOutOfRangeException(nameof(trees));
        int features = rows[0].Length, n = rows.Count;
        var columns = new double[features][];
        for (int f = 0; f < features; f++)
        {
            columns[f] = new double[n];
            for (int i = 0; i < n; i++) columns[f][i] = rows[i][f];
        }
        var y = labels.ToArray();
        int perSplit = featuresPerSplit ?? Math.Max(1, (int)Math.Sqrt(features));
        var grown = new DecisionTree[trees];
        Parallel.For(0, trees, t =>
        {
            var rng = new Random(TreeSeed(seed, t));
            var bootstrap = new int[n];
            for (int i = 0; i < n; i++) bootstrap[i] = rng.Next(n);
            grown[t] = DecisionTree.Grow(columns, y, bootstrap, perSplit, rng);
        });
        return new RandomForest(grown, features);
    }

    /// <summary>Mean leaf fraction of label 1 over the trees (summed in tree order: deterministic).</summary>
    public double PredictProbability(ReadOnlySpan<double> features)
    {
        if (features.Length != FeatureCount) throw new ArgumentException($"expected {FeatureCount} features, got {features.Length}");
        double sum = 0;
        foreach (var tree in _trees) sum += tree.Predict(features);
        return sum / _trees.Length;
    }

    /// <summary>SplitMix64 of (seed, tree): well-spread, stable across runs and platforms (unlike HashCode).</summary>
    private static int TreeSeed(int seed, int tree)
    {
        ulong z = ((ulong)(uint)seed << 32 | (uint)tree) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
