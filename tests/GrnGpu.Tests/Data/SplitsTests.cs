using GrnGpu.Models.Data;
using Xunit;

namespace GrnGpu.Tests.Data;

public class SplitsTests
{
    private static void AssertPartition(FoldSplit split, int count)
    {
        var all = split.Train.Concat(split.Validation).Concat(split.Test).ToList();
        Assert.Equal(count, all.Count);
        Assert.Equal(count, all.Distinct().Count());
        Assert.All(all, i => Assert.InRange(i, 0, count - 1));
    }

    [Fact]
    public void SeedProtocolCutsConsecutiveFoldsAndValidatesOnTheTail()
    {
        var splits = Splits.SeedProtocol(5566);
        Assert.Equal(5, splits.Count);
        Assert.Equal(Enumerable.Range(0, 1113), splits[0].Test);
        Assert.Equal(Enumerable.Range(4452, 5566 - 4452), splits[4].Test);
        // Fold 0: rest = 1113..5565 (4453 pairs); int(4453 * 9 / 10) = 4007 train.
        Assert.Equal(Enumerable.Range(1113, 4007), splits[0].Train);
        Assert.Equal(Enumerable.Range(1113 + 4007, 4453 - 4007), splits[0].Validation);
        // Fold 2: rest is folds 0,1,3,4 in order; train is its head.
        Assert.Equal(Enumerable.Range(0, 2226).Concat(Enumerable.Range(3339, 2227)).Take(Splits.TrainCount(4453)), splits[2].Train);
        foreach (var s in splits) AssertPartition(s, 5566);
    }

    [Fact]
    public void TestFoldsCoverEveryPairOnce()
    {
        foreach (var splits in new[] { Splits.SeedProtocol(103, 5), Splits.RandomKFold(103, 5, 7) })
        {
            var tests = splits.SelectMany(s => s.Test).OrderBy(i => i);
            Assert.Equal(Enumerable.Range(0, 103), tests);
            foreach (var s in splits) AssertPartition(s, 103);
        }
    }

    [Fact]
    public void RandomKFoldDependsOnlyOnTheSeed()
    {
        var a = Splits.RandomKFold(200, 5, 1);
        var b = Splits.RandomKFold(200, 5, 1);
        var c = Splits.RandomKFold(200, 5, 2);
        Assert.Equal(a[0].Test, b[0].Test);
        Assert.NotEqual(a[0].Test, c[0].Test);
        Assert.NotEqual(Enumerable.Range(0, 40), a[0].Test);
    }

    [Theory]
    [InlineData(SplitKind.TfHeldOut)]
    [InlineData(SplitKind.TargetHeldOut)]
    public void HeldOutGenesNeverCrossSides(SplitKind kind)
    {
        var rng = new Random(11);
        var pairs = Enumerable.Range(0, 600)
            .Select(i => new GenePair($"tf{rng.Next(30)}", $"g{rng.Next(120)}", i % 2, $"line {i + 1}")).ToList();
        Func<GenePair, string> key = kind == SplitKind.TfHeldOut ? p => p.Tf : p => p.Target;
        var splits = Splits.Make(kind, pairs, 5, seed: 4);
        Assert.Equal(Enumerable.Range(0, 600), splits.SelectMany(s => s.Test).OrderBy(i => i));
        foreach (var s in splits)
        {
            AssertPartition(s, 600);
            var test = s.Test.Select(i => key(pairs[i])).ToHashSet();
            var train = s.Train.Select(i => key(pairs[i])).ToHashSet();
            var validation = s.Validation.Select(i => key(pairs[i])).ToHashSet();
            Assert.Empty(test.Intersect(train));
            Assert.Empty(test.Intersect(validation));
            Assert.Empty(train.Intersect(validation));
            Assert.NotEmpty(s.Validation);
            Assert.InRange(s.Test.Length, 60, 180); // balanced: about 600 / 5
        }
    }

    [Fact]
    public void TooFewGroupsIsAnError()
    {
        var pairs = Enumerable.Range(0, 10).Select(i => new GenePair($"tf{i % 3}", $"g{i}", 1, "")).ToList();
        Assert.Throws<GrnDataException>(() => Splits.Make(SplitKind.TfHeldOut, pairs, 5));
    }
}
