using System.Text.Json;
using Xunit;

namespace GrnGpu.Tests.Explain;

/// <summary>`grn explain` as a user runs it, on a synthetic set whose label lives in one known region of the images.</summary>
public class ExplainCliTests(SignalRegionSet set) : IClassFixture<SignalRegionSet>
{
    private static JsonElement Saliency(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "saliency.json"))).RootElement;

    /// <summary>
    /// The region covers 11 % of each image and the images say nothing about the label anywhere else. Occlusion (the
    /// default) puts most of the map's mass there; the raw gradient spreads over the whole embryo and its background
    /// (about twice the region's area share, measured), so it is held to less.
    /// </summary>
    [Theory]
    [InlineData("occlusion", 0.5, 0.6)]
    [InlineData("gradient", 0.18, 0.22)]
    public void SdiNetSaliencyFallsInTheRegionThatHoldsTheLabel(string method, double minMass, double minTop)
    {
        var (tf, target) = set.Pair(1);
        string dir = set.Scratch("explain");
        var r = CliRunner.Run("explain", "--weights", set.SdiNetRun, "--tf", tf, "--target", target, "--method", method, "--max-image-pairs", "2",
            "--region", SignalRegionSet.Region, "--device", "cpu", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);

        var json = Saliency(dir);
        Assert.Equal(method, json.GetProperty("method").GetString());
        int samples = json.GetProperty("samples").GetInt32();
        Assert.True(samples >= 2, $"{samples} image pairs");
        // One overlay per image pair, named TF_TARGET_VIEW_I.png, and the mean; the tsv has a row for each.
        var overlays = Directory.GetFiles(dir, $"{tf}_{target}_*.png").Select(Path.GetFileName).ToList();
        Assert.Contains($"{tf}_{target}_mean.png", overlays);
        Assert.Equal(samples + 1, overlays.Count);
        Assert.All(overlays, f => Assert.Matches($"^{tf}_{target}_((lateral|dorsal|ventral)_[0-9]+|mean)\\.png$", f));
        Assert.Equal(samples + 1, File.ReadAllLines(Path.Combine(dir, "saliency.tsv")).Length);
        foreach (string png in Directory.GetFiles(dir, "*.png"))
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
        Assert.Equal(method, JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json"))).RootElement.GetProperty("properties").GetProperty("method").GetString());

        var region = json.GetProperty("mean").GetProperty("region");
        double area = region.GetProperty("area_share").GetDouble(), mass = region.GetProperty("mass_share").GetDouble();
        double top = region.GetProperty("top_5pc_pixels_inside").GetDouble();
        Assert.InRange(area, 0.10, 0.13);
        Assert.True(mass > minMass, $"{method}: saliency mass in the region {mass:F3}, its area {area:F3}");
        Assert.True(top > minTop, $"{method}: {top:P0} of the top 5 % pixels are in the region (its area: {area:P0})");
    }

    [Theory]
    [InlineData("--method", "grad", "--method grad: expected occlusion or gradient")]
    [InlineData("--patch", "0", "--patch 0: expected the side of the hidden tile in pixels, 1 or more")]
    [InlineData("--patch", "4", "--patch 4: applies to --method occlusion only")]
    public void ABadMethodOrPatchIsOneLineNamingTheOption(string option, string value, string expected)
    {
        var (tf, target) = set.Pair(1);
        string dir = set.Scratch("bad");
        var extra = value == "4" ? new[] { "--method", "gradient" } : [];
        var r = CliRunner.Run(["explain", "--weights", set.SdiNetRun, "--tf", tf, "--target", target, option, value, .. extra, "--device", "cpu", "--out", dir]);
        Assert.NotEqual(0, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Equal(expected, lines[0].Replace("grn: error: ", ""));
        Assert.False(Directory.Exists(dir), "nothing is written for bad input");
    }

    [Fact]
    public void RnaSaliencyIsOverTheHistogram()
    {
        var (tf, target) = set.Pair(0);
        string dir = set.Scratch("explain-rna");
        var r = CliRunner.Run("explain", "--weights", set.RnaRun, "--tf", tf, "--target", target, "--device", "cpu", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var json = Saliency(dir);
        Assert.Equal("rna", json.GetProperty("model").GetString());
        Assert.Equal("occlusion", json.GetProperty("method").GetString());
        Assert.Equal(1, json.GetProperty("samples").GetInt32());
        var panel = json.GetProperty("panels")[0];
        Assert.Equal(("histogram", 64, 64), (panel.GetProperty("name").GetString(), panel.GetProperty("width").GetInt32(), panel.GetProperty("height").GetInt32()));
        var quadrants = json.GetProperty("mean").GetProperty("panels").GetProperty("histogram").GetProperty("quadrants");
        Assert.Equal(1.0, quadrants.EnumerateObject().Sum(q => q.Value.GetDouble()), 3);
        Assert.True(json.GetProperty("mean").GetProperty("total_mass").GetDouble() > 0);
        Assert.True(File.Exists(Path.Combine(dir, $"{tf}_{target}_histogram.png")));
        Assert.True(File.Exists(Path.Combine(dir, $"{tf}_{target}_mean.png")));
    }

    [Theory]
    [InlineData("sdinet", "--tf", "synTF99", "synTF99 has no TF images")]
    [InlineData("sdinet", "--target", "synG999", "synG999 has no target images")]
    [InlineData("rna", "--tf", "synTF99", "synTF99 is in no --expression table")]
    [InlineData("rna", "--target", "nosuchgene", "nosuchgene is in no --expression table")]
    public void AGeneNotInTheDataIsOneLineNamingIt(string model, string option, string gene, string expected)
    {
        var (tf, target) = set.Pair(1);
        if (option == "--tf") tf = gene;
        else target = gene;
        string dir = set.Scratch("bad");
        var r = CliRunner.Run("explain", "--weights", model == "rna" ? set.RnaRun : set.SdiNetRun, "--tf", tf, "--target", target, "--device", "cpu", "--out", dir);
        Assert.NotEqual(0, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.StartsWith(option, lines[0].Replace("grn: error: ", ""));
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.False(Directory.Exists(dir), "nothing is written for bad input");
    }

    [Fact]
    public void APairWithImagesInNoCommonViewIsRefusedNamingBothGenes()
    {
        // A copy of the image store where the target keeps only its lateral images and the TF only its dorsal ones.
        var (tf, target) = set.Pair(1);
        string root = set.Scratch("images");
        foreach (string file in Directory.GetFiles(set.Images, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(set.Images, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if ((parts[1] == tf && parts[2] != "dorsal") || (parts[1] == target && parts[2] != "lateral")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, relative))!);
            File.Copy(file, Path.Combine(root, relative));
        }
        string dir = set.Scratch("bad");
        var r = CliRunner.Run("explain", "--weights", set.SdiNetRun, "--images", root, "--tf", tf, "--target", target, "--device", "cpu", "--out", dir);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"no view has images of both", r.Stderr);
        Assert.Contains(tf, r.Stderr);
        Assert.Contains(target, r.Stderr);
        Assert.False(Directory.Exists(dir));
    }
}
