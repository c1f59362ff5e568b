using System.Globalization;
using GrnGpu.Engine;

namespace GrnGpu.Models.Training;

/// <summary>
/// Slice i of N of a list of pairs (`--shard i/N`, 0-based): every N-th pair starting at i, so slices are balanced
/// and together cover every pair exactly once, whatever N.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    public static Shard All => new(0, 1);

    public bool Contains(long position) => position % Count == Index;

    public static Shard Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return All;
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 1 && i >= 0 && i < n)
            return new Shard(i, n);
        throw new GrnException($"--shard {text}: expected i/N with 0 <= i < N, e.g. 0/4");
    }
}
