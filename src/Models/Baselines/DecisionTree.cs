using GrnGpu.Engine.Autograd;

namespace GrnGpu.Models.Baselines;

/// <summary>
/// A binary classification tree (CART, Gini impurity) as grown inside <see cref="RandomForest"/>: grown until
/// leaves are pure or hold one distinct sample; at each node a random subset of features is searched (more are
/// examined when none of the subset can split, as sklearn does). Leaves hold the fraction of label-1 samples.
/// Stored as flat arrays; a leaf has Feature = -1.
/// </summary>
public sealed class DecisionTree
{
    private readonly List<int> _feature = new();
    private readonly List<double> _threshold = new();
    private readonly List<int> _left = new();
    private readonly List<int> _right = new();
    private readonly List<double> _value = new();

    public int NodeCount => _feature.Count;

    /// <summary>P(label = 1) for one sample; <paramref name="features"/>[f] is feature f.</summary>
    public double Predict(ReadOnlySpan<double> features)
    {
        int node = 0;
        while (_feature[node] >= 0)
            node = features[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
        return _value[node];
    }

    /// <summary>
    /// Grows a tree on the samples listed in <paramref name="samples"/> (duplicates allowed: a bootstrap).
    /// <paramref name="columns"/>[f][i] is feature f of sample i (feature-major, so a node's sort touches one array).
    /// </summary>
    public static DecisionTree Grow(double[][] columns, int[] labels, int[] samples, int featuresPerSplit, Random rng)
    {
        var tree = new DecisionTree();
        var work = new SplitSearch(samples.Length);
        var order = Enumerable.Range(0, columns.Length).ToArray();
        var stack = new Stack<(int Node, int Start, int End)>();
        stack.Push((tree.NewNode(), 0, samples.Length));
        while (stack.Count > 0)
        {
            var (node, start, end) = stack.Pop();
            int ones = 0;
            for (int i = start; i < end; i++) ones += labels[samples[i]];
            int count = end - start;
            tree._value[node] = (double)ones / count;
            if (ones == 0 || ones == count) continue;

            rng.Shuffle(order);
            int bestFeature = -1;
            double bestThreshold = 0, bestScore = double.PositiveInfinity;
            for (int k = 0; k < order.Length; k++)
            {
                if (k >= featuresPerSplit && bestFeature >= 0) break;
                if (work.Best(columns[order[k]], labels, samples, start, end, out double threshold, out double score)
                    && score < bestScore)
                {
                    bestScore = score;
                    bestFeature = order[k];
                    bestThreshold = threshold;
                }
            }
            if (bestFeature < 0) continue; // every feature constant here: a leaf

            int mid = Partition(columns[bestFeature], samples, start, end, bestThreshold);
            tree._feature[node] = bestFeature;
            tree._threshold[node] = bestThreshold;
            int left = tree.NewNode(), right = tree.NewNode();
            tree._left[node] = left;
            tree._right[node] = right;
            stack.Push((right, mid, end));
            stack.Push((left, start, mid));
        }
        return tree;
    }

    private int NewNode()
    {
        _feature.Add(-1);
        _threshold.Add(0);
        _left.Add(-1);
        _right.Add(-1);
        _value.Add(0);
        return _feature.Count - 1;
    }

    /// <summary>Reorders samples[start..end) so values &lt;= threshold come first; returns the first of the rest.</summary>
    private static int Partition(double[] column, int[] samples, int start, int end, double threshold)
    {
        int i = start, j = end - 1;
        while (i <= j)
        {
            if (column[samples[i]] <= threshold)
            {
                i++;
                continue;
            }
            (samples[i], samples[j]) = (samples[j], samples[i]);
            j--;
        }
        return i;
    }

    /// <summary>Reusable buffers for the best Gini split of one feature at one node.</summary>
    private sealed class SplitSearch(int capacity)
    {
        private readonly double[] _keys = new double[capacity];
        private readonly int[] _labels = new int[capacity];

        /// <summary>
        /// The threshold minimising n_L * gini_L + n_R * gini_R (score = l1*l0/nL + r1*r0/nR, proportional to it);
        /// false when all values are equal.
        /// </summary>
        public bool Best(double[] column, int[] labels, int[] samples, int start, int end, out double threshold, out double score)
        {
            int n = end - start, ones = 0;
            for (int i = 0; i < n; i++)
            {
                int s = samples[start + i];
                _keys[i] = column[s];
                _labels[i] = labels[s];
                ones += _labels[i];
            }
            Array.Sort(_keys, _labels, 0, n);
            threshold = 0;
            score = double.PositiveInfinity;
            if (_keys[0] == _keys[n - 1]) return false;
            int leftOnes = 0;
            for (int i = 0; i < n - 1; i++)
            {
                leftOnes += _labels[i];
                if (_keys[i] == _keys[i + 1]) continue;
                int nl = i + 1, nr = n - nl, rightOnes = ones - leftOnes;
                double s = (double)leftOnes * (nl - leftOnes) / nl + (double)rightOnes * (nr - rightOnes) / nr;
                if (s < score)
                {
                    score = s;
                    double mid = _keys[i] + (_keys[i + 1] - _keys[i]) / 2;
                    // Adjacent doubles: the midpoint rounds onto the upper value; keep the lower so the split is real.
                    threshold = mid < _keys[i + 1] ? mid : _keys[i];
                }
            }
            return true;
        }
    }
}
