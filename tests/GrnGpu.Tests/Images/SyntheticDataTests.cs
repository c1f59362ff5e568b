using System.Globalization;
using GrnGpu.Engine;
using GrnGpu.Models.Data;
using Xunit;

namespace GrnGpu.Tests.Images;

public sealed class SyntheticDataTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "grn-synth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_temp)) Directory.Delete(_temp, recursive: true);
    }

    private static readonly SyntheticOptions Small = new() { Tfs = 4, Targets = 10, Samples = 20, ImagesPerGene = 2 };

    private static Dictionary<string, byte[]> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "manifest.json") // holds the time and the command line
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    private static List<(string Tf, string Target, int Label)> ReadPairs(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "pairs.csv")).Select(l => l.Split(','))
            .Select(p => (p[0], p[1], int.Parse(p[2], CultureInfo.InvariantCulture))).ToList();

    [Fact]
    public void SameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot()
    {
        string a = Path.Combine(_temp, "a"), b = Path.Combine(_temp, "b"), c = Path.Combine(_temp, "c");
        SyntheticDataGenerator.Generate(a, Small with { Seed = 5 });
        SyntheticDataGenerator.Generate(b, Small with { Seed = 5 });
        SyntheticDataGenerator.Generate(c, Small with { Seed = 6 });
        var sa = Snapshot(a);
        var sb = Snapshot(b);
        Assert.Equal(sa.Keys.Order(), sb.Keys.Order());
        foreach (var (name, bytes) in sa) Assert.True(bytes.AsSpan().SequenceEqual(sb[name]), $"{name} differs between two runs with seed 5");
        var sc = Snapshot(c);
        Assert.False(sa["tf_dataset.csv"].AsSpan().SequenceEqual(sc["tf_dataset.csv"]));
        Assert.Contains(sa.Keys, k => k.EndsWith(".bmp") && sc.TryGetValue(k, out var other) && !other.AsSpan().SequenceEqual(sa[k]));
        Assert.Equal(4 * 2 * 3 + 10 * 2 * 3, sa.Keys.Count(k => k.EndsWith(".bmp")));
    }

    [Fact]
    public void RefusesANonEmptyFolderUnlessForced()
    {
        string dir = Path.Combine(_temp, "x");
        SyntheticDataGenerator.Generate(dir, Small);
        Assert.Throws<GrnException>(() => SyntheticDataGenerator.Generate(dir, Small));
        var s = SyntheticDataGenerator.Generate(dir, Small with { Tfs = 3 }, overwrite: true);
        Assert.Equal(3, Directory.GetDirectories(Path.Combine(dir, "images", "tf")).Length); // stale TF folder removed
        Assert.Equal(3, s.Tfs);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void TablesHaveTheSeedsShape()
    {
        string dir = Path.Combine(_temp, "t");
        var s = SyntheticDataGenerator.Generate(dir, Small);
        var tf = File.ReadAllLines(Path.Combine(dir, "tf_dataset.csv"));
        var gene = File.ReadAllLines(Path.Combine(dir, "gene_dataset.csv"));
        Assert.Equal(4, tf.Length);
        Assert.Equal(10, gene.Length);
        foreach (var line in tf.Concat(gene))
        {
            var cells = line.Split(',');
            Assert.Equal(2 + 20, cells.Length);
            Assert.StartsWith("FBgn", cells[1]);
            Assert.All(cells.Skip(2), v => double.Parse(v, CultureInfo.InvariantCulture));
        }
        var pairs = ReadPairs(dir);
        Assert.Equal(s.Pairs, pairs.Count);
        Assert.Equal(pairs.Count, 2 * pairs.Count(p => p.Label == 1)); // balanced: as many non-edges as edges
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }

    [Fact]
    public void StoreRoundTripGivesBatchesOfTheRightShapeAndRange()
    {
        string dir = Path.Combine(_temp, "r");
        SyntheticDataGenerator.Generate(dir, Small);
        var store = ImageStore.OpenSeedLayout(Path.Combine(dir, "images"));
        Assert.Equal(ImageStore.SeedViews.Order(), store.Views(ImageRole.Tf, "synTF01"));
        var pairs = ReadPairs(dir);
        var set = ImagePairBuilder.Build(store, pairs);
        Assert.Empty(set.RejectedImages);
        Assert.Empty(set.Dropped); // 3 views x 2 x 2 = 12 image pairs each, above the minimum of 6
        Assert.All(set.GenePairs, g => Assert.Equal(12, g.PairCount));
        Assert.All(set.Pairs, p => Assert.Equal(store.Entries.First(e => e.Path == set.ImagePaths[p.TfImage]).View, p.View));
        Assert.All(set.Pairs, p => Assert.Equal(p.View, store.Entries.First(e => e.Path == set.ImagePaths[p.TargetImage]).View));

        foreach (var kind in new[] { ModelInputKind.Sdinet, ModelInputKind.Fusion })
        {
            var loader = new BatchLoader(new ImagePairSamples(set, kind), batchSize: 32, seed: 3);
            int seen = 0;
            foreach (var batch in loader.Epoch(0, TestContext.Current.CancellationToken))
            {
                Assert.Equal(2 * 128 * 320, batch.SampleLength);
                for (int i = 0; i < batch.Count; i++)
                {
                    var sample = batch.Sample(i);
                    Assert.Equal(0f, sample.ToArray().Min());
                    Assert.Equal(1f, sample.ToArray().Max());
                    var pair = set.Pairs[batch.SampleIds[i]];
                    Assert.Equal(set.GenePairs[pair.GenePair].Label, batch.Labels[i]);
                }
                seen += batch.Count;
            }
            Assert.Equal(set.Pairs.Count, seen);
        }
    }

    [Fact]
    public void EachModalityCarriesSignalButNeitherIsPerfect()
    {
        string dir = Path.Combine(_temp, "m");
        SyntheticDataGenerator.Generate(dir, new SyntheticOptions { Seed = 11 });
        var pairs = ReadPairs(dir);
        var tf = ReadTable(Path.Combine(dir, "tf_dataset.csv"));
        var gene = ReadTable(Path.Combine(dir, "gene_dataset.csv"));
        var mean = new Dictionary<string, double[]>();
        double[] MeanLateral(string role, string g)
        {
            if (mean.TryGetValue(role + g, out var m)) return m;
            var files = Directory.GetFiles(Path.Combine(dir, "images", role, g, "lateral"));
            var imgs = files.Select(f => ImageDecoder.DecodeGreyFile(f).Pixels).ToList();
            m = Enumerable.Range(0, imgs[0].Length).Select(i => imgs.Average(p => (double)p[i])).ToArray();
            return mean[role + g] = m;
        }
        var imageScore = pairs.Select(p => Pearson(MeanLateral("tf", p.Tf), MeanLateral("gene", p.Target))).ToArray();
        var rnaScore = pairs.Select(p => Math.Abs(Pearson(tf[p.Tf], gene[p.Target]))).ToArray();
        var labels = pairs.Select(p => p.Label).ToArray();
        double imageAuc = Auc(imageScore, labels), rnaAuc = Auc(rnaScore, labels);
        Assert.True(imageAuc is > 0.6 and < 0.99, $"image AUC {imageAuc:F3}");
        Assert.True(rnaAuc is > 0.6 and < 0.99, $"RNA AUC {rnaAuc:F3}");
    }

    private static Dictionary<string, double[]> ReadTable(string path) =>
        File.ReadAllLines(path).Select(l => l.Split(','))
            .ToDictionary(c => c[0], c => c.Skip(2).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());

    private static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb + 1e-300);
    }

    // Probability that a random positive scores above a random negative.
    private static double Auc(double[] score, int[] label)
    {
        double wins = 0;
        int pairs = 0;
        for (int i = 0; i < score.Length; i++)
        for (int j = 0; j < score.Length; j++)
            if (label[i] == 1 && label[j] == 0)
            {
                pairs++;
                wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
            }
        return wins / pairs;
    }
}
