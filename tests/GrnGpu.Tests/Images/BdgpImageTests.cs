using System.Buffers.Binary;
using Xunit;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Tests.Images;

/// <summary>The decoder and pair building on the 193 real BDGP images of ../shared/data/bdgp-sample.</summary>
public class BdgpImageTests
{
    private static string[] Files(string root) =>
        Directory.GetFiles(root, "*.bmp", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void EveryImageDecodesTo320x128AndGreyMatchesThePilFormula()
    {
        string root = Requirements.SharedData("bdgp-sample");
        var files = Files(root);
        Assert.Equal(193, files.Length);
        foreach (string file in files)
        {
            byte[] raw = File.ReadAllBytes(file);
            var grey = ImageDecoder.DecodeGreyFile(file);
            Assert.Equal((320, 128), (grey.Width, grey.Height));

            // Independent reading of the file: pixel data offset from the header, bottom-up rows of 960 bytes, B,G,R.
            int offset = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(10));
            Assert.Equal(128, BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(22))); // positive: bottom-up
            // Every pixel: the grey of SkiaSharp's decoding equals the rule applied to the file's bytes, exactly
            // (this replaced our BMP decoder, which it matched bit for bit on all 193 files before it was deleted).
            for (int y = 0; y < 128; y++)
            for (int x = 0; x < 320; x++)
            {
                int at = offset + (127 - y) * 960 + x * 3;
                int b = raw[at], g = raw[at + 1], r = raw[at + 2];
                int expected = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
                Assert.True(expected == grey[x, y], $"{file} ({x},{y}): expected {expected}, decoded {grey[x, y]}");
            }
        }
    }

    [Fact]
    public void DecodedRgbMatchesTheRawBgrBytesEverywhere()
    {
        string root = Requirements.SharedData("bdgp-sample");
        string file = Files(root)[0];
        byte[] raw = File.ReadAllBytes(file);
        var image = ImageDecoder.DecodeFile(file);
        int offset = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(10));
        for (int y = 0; y < 128; y++)
        for (int x = 0; x < 320; x++)
        {
            int at = offset + (127 - y) * 960 + x * 3, o = image.Offset(x, y);
            Assert.Equal((raw[at + 2], raw[at + 1], raw[at]), (image.Pixels[o], image.Pixels[o + 1], image.Pixels[o + 2]));
        }
    }

    [Fact]
    public void PairsFromTheBdgpLayoutAreCrossProductsOfAGenesImages()
    {
        string root = Requirements.SharedData("bdgp-sample");
        var store = ImageStore.OpenBdgpSampleLayout(root);
        var genes = store.Genes(ImageRole.Tf);
        Assert.Equal(8, genes.Count);
        Assert.Equal(genes, store.Genes(ImageRole.Target));
        Assert.All(store.Entries, e => Assert.Equal(ImageStore.UnknownView, e.View));
        Assert.All(store.Entries, e => Assert.False(string.IsNullOrEmpty(e.Stage)));

        int Count(string gene) => Directory.GetFiles(Path.Combine(root, gene), "*.bmp", SearchOption.AllDirectories).Length;
        var genePairs = new List<(string, string, int)> { ("Dl", "Dif", 1), ("disco", "Dms", 0), ("Dl", "no-such-gene", 1) };
        var set = ImagePairBuilder.Build(store, genePairs, new ImagePairOptions());

        Assert.Empty(set.RejectedImages); // every real embryo passes the default filters
        Assert.Equal(2, set.GenePairs.Count);
        Assert.Equal(Count("Dl") * Count("Dif"), set.GenePairs[0].PairCount);
        Assert.Equal(Count("disco") * Count("Dms"), set.GenePairs[1].PairCount);
        var dropped = Assert.Single(set.Dropped);
        Assert.Contains("no-such-gene", dropped.Reason);
        Assert.Equal(Count("Dl") + Count("Dif") + Count("disco") + Count("Dms"), set.Images.Count); // each decoded once
        foreach (var p in set.Pairs)
        {
            Assert.Contains($"{Path.DirectorySeparatorChar}{set.GenePairs[p.GenePair].Tf}{Path.DirectorySeparatorChar}", set.ImagePaths[p.TfImage]);
            Assert.Contains($"{Path.DirectorySeparatorChar}{set.GenePairs[p.GenePair].Target}{Path.DirectorySeparatorChar}", set.ImagePaths[p.TargetImage]);
        }

        // The cap keeps a seeded subset: the same seed the same subset, another seed (almost surely) another.
        var capped = ImagePairBuilder.Build(store, genePairs, new ImagePairOptions { MaxImagePairsPerGenePair = 10, Seed = 1 });
        var again = ImagePairBuilder.Build(store, genePairs, new ImagePairOptions { MaxImagePairsPerGenePair = 10, Seed = 1 });
        var other = ImagePairBuilder.Build(store, genePairs, new ImagePairOptions { MaxImagePairsPerGenePair = 10, Seed = 2 });
        Assert.All(capped.GenePairs, g => Assert.Equal(10, g.PairCount));
        string Key(ImagePairSet s) => string.Join(";", s.Pairs.Select(p => s.ImagePaths[p.TfImage] + "|" + s.ImagePaths[p.TargetImage]));
        Assert.Equal(Key(capped), Key(again));
        Assert.NotEqual(Key(capped), Key(other));
    }

    [Fact]
    public void StandardDeviationOfRealEmbryosIsFarAboveTheDefaultThreshold()
    {
        string root = Requirements.SharedData("bdgp-sample");
        double min = Files(root).Min(f => ImageDecoder.DecodeGreyFile(f).StandardDeviation());
        Assert.True(min > 2 * ImageFilterOptions.DefaultMinStandardDeviation, $"smallest grey SD {min:F1}");
    }
}
