using GrnGpu.Engine;

namespace GrnGpu.Models.Training;

/// <summary>
/// Joins the edge lists of the N shards of one `grn predict --shard i/N` run into the list one unsharded run writes:
/// the same pairs, the same scores (read back bit for bit: they are written round-trip), ranked by score with ties in
/// input order (each shard file carries its pairs' input positions in its order column). Every shard must be given
/// exactly once: a missing one (a task that never finished leaves no file, as edge lists are renamed into place whole)
/// is named, never silently left out of a genome-wide ranking.
/// </summary>
public static class ShardMerge
{
    public static List<ScoredEdge> Read(IReadOnlyList<string> files)
    {
        if (files.Count == 0) throw new GrnException("--merge: give the edge lists of every shard (grn predict --shard i/N wrote them)");
        int n = files.Count;
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
            throw new GrnException($"{string.Join(", ", missing)}: not found; a shard's edge list appears only when its grn predict --shard i/{n} " +
                                   "has finished: rerun that shard, then merge again");
        var edges = new List<ScoredEdge>();
        var byIndex = new Dictionary<long, string>();
        foreach (var file in files)
        {
            string header = File.ReadLines(file).FirstOrDefault() ?? "";
            if (header.Split('\t') is not [_, _, _, EdgeList.OrderColumn])
                throw new GrnException($"{file}: not a shard's edge list (expected the header tf, target, score, {EdgeList.OrderColumn} " +
                                       "that grn predict --shard i/N writes)");
            var part = EdgeList.Read(file);
            // Shard i holds the pairs whose input position is i modulo N (Shard.Contains), so its positions name it.
            var indices = part.Select(e => e.Order % n).Distinct().ToList();
            if (indices.Count > 1 || part.Any(e => e.Order < 0))
                throw new GrnException($"{file}: its pairs belong to different shards of {n}; give the {n} edge lists of one " +
                                       "grn predict --shard run, each once (as many files as N)");
            if (indices.Count == 1)
            {
                if (byIndex.TryGetValue(indices[0], out var other))
                    throw new GrnException($"{other} and {file} are both shard {indices[0]}/{n}: give each shard of one run once");
                byIndex[indices[0]] = file;
            }
            edges.AddRange(part);
        }
        return edges;
    }
}
