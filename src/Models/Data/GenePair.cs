namespace GrnGpu.Models.Data;

/// <summary>
/// One (TF, target) pair as written in the pair file; <see cref="Label"/> is 1 (regulates), 0 (does not) or null
/// (unlabelled list). <see cref="Position"/> says where it was read, for messages.
/// </summary>
public sealed record GenePair(string Tf, string Target, int? Label, string Position);

/// <summary>The pairs of one file, in file order.</summary>
public sealed class PairList
{
    public PairList(string source, IReadOnlyList<GenePair> pairs)
    {
        Source = source;
        Pairs = pairs;
        HasLabels = pairs.Count > 0 && pairs.All(p => p.Label != null);
    }

    public string Source { get; }
    public IReadOnlyList<GenePair> Pairs { get; }
    public int Count => Pairs.Count;

    /// <summary>True when every pair has a label.</summary>
    public bool HasLabels { get; }
}
