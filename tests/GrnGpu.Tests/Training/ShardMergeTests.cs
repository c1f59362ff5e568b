using GrnGpu.Engine;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Training;

/// <summary>`grn predict --merge`: the shards of one run become the list one run writes, or the merge says what is wrong.</summary>
public class ShardMergeTests
{
    /// <summary>Ten pairs in input order, with ties (0.5 three times, 0.25 twice) that only the input order can rank.</summary>
    private static List<ScoredEdge> Edges() =>
        new[] { 0.5, 0.9, 0.25, 0.5, 0.1, 0.25, 0.5, 0.75, 0.3, 0.9 }.Select((s, i) => new ScoredEdge($"tf{i % 3}", $"g{i}", s, i)).ToList();

    private static List<string> WriteShards(TempFolder dir, List<ScoredEdge> edges, int n) =>
        Enumerable.Range(0, n).Select(i =>
        {
            string path = dir.File($"edges-{i}.tsv");
            EdgeList.Write(path, edges.Where(e => new Shard(i, n).Contains(e.Order)).ToList(), withOrder: true);
            return path;
        }).ToList();

    [Fact]
    public void ShardsMergeToTheOneRunListTiesIncluded()
    {
        using var dir = new TempFolder();
        var edges = Edges();
        EdgeList.Write(dir.File("one.tsv"), edges);
        // Given in any order (a shell glob sorts edges-10 before edges-2): each file's positions say which shard it is.
        var shards = WriteShards(dir, edges, 3);
        shards.Reverse();
        EdgeList.Write(dir.File("merged.tsv"), ShardMerge.Read(shards));
        Assert.Equal(File.ReadAllText(dir.File("one.tsv")), File.ReadAllText(dir.File("merged.tsv")));
        Assert.Equal("tf\ttarget\tscore", File.ReadLines(dir.File("merged.tsv")).First());
        // The ties are there, and the merged list has them in input order (g0, g3, g6 at 0.5).
        Assert.Equal(["g0", "g3", "g6"], EdgeList.Read(dir.File("merged.tsv")).Where(e => e.Score == 0.5).Select(e => e.Target));
    }

    [Fact]
    public void AMissingShardIsNamed()
    {
        using var dir = new TempFolder();
        var shards = WriteShards(dir, Edges(), 3);
        File.Delete(shards[2]);
        var e = Assert.Throws<GrnException>(() => ShardMerge.Read(shards));
        Assert.Equal($"{shards[2]}: not found; a shard's edge list appears only when its grn predict --shard i/3 has finished: rerun that shard, then merge again", e.Message);
        // Two files of a three-shard run: their positions are not those of a two-shard split.
        e = Assert.Throws<GrnException>(() => ShardMerge.Read(shards.Take(2).ToList()));
        Assert.Contains("its pairs belong to different shards of 2", e.Message);
    }

    [Fact]
    public void AShardGivenTwiceOrAWholeListIsRefused()
    {
        using var dir = new TempFolder();
        var shards = WriteShards(dir, Edges(), 2);
        var e = Assert.Throws<GrnException>(() => ShardMerge.Read([shards[0], shards[0]]));
        Assert.Equal($"{shards[0]} and {shards[0]} are both shard 0/2: give each shard of one run once", e.Message);
        EdgeList.Write(dir.File("one.tsv"), Edges());
        e = Assert.Throws<GrnException>(() => ShardMerge.Read([dir.File("one.tsv"), shards[1]]));
        Assert.StartsWith($"{dir.File("one.tsv")}: not a shard's edge list", e.Message);
    }
}
