namespace GrnGpu.Models.Data;

/// <summary>
/// One (TF, target) pair as written in the pair file; <see cref="Label"/> is 1 (regulates), 0 (does not) or null
/// (unlabelled list). <see cref="Position"/> says where it was read, for messages.
/// </summary>
public sealed record GenePair(string Tf, string Target, int? Label, string Position);

/// <summary>The pairs of one file, in file order.</summary>
public sealed class PairList
{
    public PairList(string source, IReadOnlyList<GenePair> pairs, IReadOnlyList<(GenePair Repeat, GenePair First)>? repeats = null, bool repeatsMerged = false)
    {
        Source = source;
        Pairs = pairs;
        HasLabels = pairs.Count > 0 && pairs.All(p => p.Label != null);
        Repeats = repeats ?? [];
        RepeatsMerged = repeatsMerged;
    }

    /// <summary>Lines that repeat an earlier (TF, target) with the same label, each with the line it repeats.</summary>
    public IReadOnlyList<(GenePair Repeat, GenePair First)> Repeats { get; }

    /// <summary>Whether <see cref="Repeats"/> were dropped from <see cref="Pairs"/> (<see cref="MergeRepeats"/>).</summary>
    public bool RepeatsMerged { get; }

    /// <summary>
    /// The list with each repeated line dropped, so a pair is kept once: what anything that splits pairs into folds
    /// must use, or a test pair would also be a training pair through its repeat.
    /// </summary>
    public PairList MergeRepeats()
    {
        if (Repeats.Count == 0 || RepeatsMerged) return this;
        var dropped = Repeats.Select(r => r.Repeat).ToHashSet(ReferenceEqualityComparer.Instance);
        return new PairList(Source, Pairs.Where(p => !dropped.Contains(p)).ToList(), Repeats, repeatsMerged: true);
    }

    public string Source { get; }
    public IReadOnlyList<GenePair> Pairs { get; }
    public int Count => Pairs.Count;

    /// <summary>True when every pair has a label.</summary>
    public bool HasLabels { get; }
}
