namespace GrnGpu.Models.Data;

/// <summary>One fold's indices into the pair list. The three arrays are disjoint.</summary>
public sealed record FoldSplit(int Fold, int[] Train, int[] Validation, int[] Test);

/// <summary>How pairs are divided into folds.</summary>
public enum SplitKind
{
    /// <summary>The seed's protocol: consecutive folds in file order.</summary>
    Seed,
    /// <summary>Seeded random k-fold.</summary>
    Random,
    /// <summary>k-fold over TFs: a TF's pairs are all in train(+validation) or all in test.</summary>
    TfHeldOut,
    /// <summary>k-fold over targets.</summary>
    TargetHeldOut,
}

/// <summary>
/// Train/validation/test splits. In every kind the training side (everything but the test fold) is cut into
/// train = its first floor(9/10 * m) entries and validation = the rest, as the seed does
/// (<c>train_all[0:int(len*9/10)]</c>); for the held-out kinds whole groups go to validation, so validation
/// is held out from train the same way test is.
/// </summary>
public static class Splits
{
    public const int DefaultFolds = 5;

    public static SplitKind Parse(string name) => name.ToLowerInvariant() switch
    {
        "seed" => SplitKind.Seed,
        "random" => SplitKind.Random,
        "tf-held-out" or "tf" => SplitKind.TfHeldOut,
        "target-held-out" or "target" => SplitKind.TargetHeldOut,
        _ => throw new GrnDataException($"unknown split '{name}'; expected seed, random, tf-held-out or target-held-out"),
    };

    public static IReadOnlyList<FoldSplit> Make(SplitKind kind, IReadOnlyList<GenePair> pairs, int folds = DefaultFolds, int seed = 0) => kind switch
    {
        SplitKind.Seed => SeedProtocol(pairs.Count, folds),
        SplitKind.Random => RandomKFold(pairs.Count, folds, seed),
        SplitKind.TfHeldOut => GroupHeldOut(pairs.Select(p => p.Tf).ToList(), folds, seed),
        SplitKind.TargetHeldOut => GroupHeldOut(pairs.Select(p => p.Target).ToList(), folds, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// The seed's protocol (expression_main.py): fold size = floor(n / k); fold i = [i*size, (i+1)*size), the last
    /// fold [ (k-1)*size, n ). For fold i the other folds are concatenated in order; the first floor(9m/10) train,
    /// the rest validate. (For the seed's n = 5566 this equals the i*n/5 reading as well.)
    /// </summary>
    public static IReadOnlyList<FoldSplit> SeedProtocol(int count, int folds = DefaultFolds)
    {
        CheckFolds(count, folds);
        int size = count / folds;
        var splits = new List<FoldSplit>(folds);
        for (int i = 0; i < folds; i++)
        {
            int start = i * size, end = i == folds - 1 ? count : (i + 1) * size;
            var test = Range(start, end);
            var rest = Range(0, start).Concat(Range(end, count)).ToArray();
            int trainCount = TrainCount(rest.Length);
            splits.Add(new FoldSplit(i, rest[..trainCount], rest[trainCount..], test));
        }
        return splits;
    }

    /// <summary>Shuffles 0..n-1 with <paramref name="seed"/>, cuts it into k near-equal consecutive folds, then as the seed protocol.</summary>
    public static IReadOnlyList<FoldSplit> RandomKFold(int count, int folds, int seed)
    {
        CheckFolds(count, folds);
        var order = Range(0, count);
        new Random(seed).Shuffle(order);
        var splits = new List<FoldSplit>(folds);
        for (int i = 0; i < folds; i++)
        {
            int start = (int)((long)i * count / folds), end = (int)((long)(i + 1) * count / folds);
            var test = order[start..end];
            var rest = order[..start].Concat(order[end..]).ToArray();
            int trainCount = TrainCount(rest.Length);
            splits.Add(new FoldSplit(i, Sorted(rest[..trainCount]), Sorted(rest[trainCount..]), Sorted(test)));
        }
        return splits;
    }

    /// <summary>
    /// k-fold over groups (TF or target symbols): groups are shuffled with <paramref name="seed"/>, then assigned
    /// largest first to the fold with the fewest pairs so far (balanced folds). Within the training side, whole
    /// groups are taken for validation (in shuffled order) until about 1/10 of its pairs. No group is on two sides.
    /// </summary>
    public static IReadOnlyList<FoldSplit> GroupHeldOut(IReadOnlyList<string> groupOfPair, int folds, int seed)
    {
        var members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var groups = new List<string>();
        for (int i = 0; i < groupOfPair.Count; i++)
        {
            if (!members.TryGetValue(groupOfPair[i], out var list))
            {
                members[groupOfPair[i]] = list = new List<int>();
                groups.Add(groupOfPair[i]);
            }
            list.Add(i);
        }
        if (folds < 2) throw new GrnDataException($"--folds must be at least 2, got {folds}");
        if (groups.Count < folds)
            throw new GrnDataException($"cannot hold out {folds} folds of groups: only {groups.Count} distinct gene(s) to hold out");

        var rng = new Random(seed);
        var shuffled = groups.ToArray();
        rng.Shuffle(shuffled);
        // Stable sort by size keeps the shuffled order among equal sizes, so the seed decides ties.
        var bySize = shuffled.OrderByDescending(g => members[g].Count).ToList();
        var foldGroups = Enumerable.Range(0, folds).Select(_ => new List<string>()).ToArray();
        var foldPairs = new int[folds];
        foreach (var g in bySize)
        {
            int best = 0;
            for (int f = 1; f < folds; f++) if (foldPairs[f] < foldPairs[best]) best = f;
            foldGroups[best].Add(g);
            foldPairs[best] += members[g].Count;
        }

        var splits = new List<FoldSplit>(folds);
        for (int i = 0; i < folds; i++)
        {
            var test = foldGroups[i].SelectMany(g => members[g]).ToArray();
            var restGroups = shuffled.Where(g => !foldGroups[i].Contains(g)).ToList();
            int restPairs = restGroups.Sum(g => members[g].Count);
            int validationTarget = restPairs - TrainCount(restPairs);
            var validation = new List<int>();
            var train = new List<int>();
            // Walk from the end of the shuffled order (the seed protocol validates on the tail) until enough pairs.
            var validationGroups = new HashSet<string>(StringComparer.Ordinal);
            for (int g = restGroups.Count - 1; g > 0 && validation.Count < validationTarget; g--)
            {
                validationGroups.Add(restGroups[g]);
                validation.AddRange(members[restGroups[g]]);
            }
            foreach (var g in restGroups)
                if (!validationGroups.Contains(g)) train.AddRange(members[g]);
            splits.Add(new FoldSplit(i, Sorted(train.ToArray()), Sorted(validation.ToArray()), Sorted(test)));
        }
        return splits;
    }

    /// <summary>floor(9m/10), the seed's int(len * 9 / 10).</summary>
    public static int TrainCount(int m) => (int)((long)m * 9 / 10);

    private static void CheckFolds(int count, int folds)
    {
        if (folds < 2) throw new GrnDataException($"--folds must be at least 2, got {folds}");
        if (count < folds) throw new GrnDataException($"cannot cut {count} pair(s) into {folds} folds");
    }

    private static int[] Range(int start, int end) => Enumerable.Range(start, Math.Max(0, end - start)).ToArray();

    private static int[] Sorted(int[] a)
    {
        Array.Sort(a);
        return a;
    }
}
