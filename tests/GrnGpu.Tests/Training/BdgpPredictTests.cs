using GrnGpu.Models;
using GrnGpu.Models.Checkpoints;
using GrnGpu.Models.Networks;
using GrnGpu.Models.Training;
using Xunit;

namespace GrnGpu.Tests.Training;

/// <summary>`grn predict` with SDINet weights on the 193 real BDGP images: decoding, pairing and scoring end to end, no labels.</summary>
public class BdgpPredictTests
{
    [Fact]
    public void SdiNetScoresEveryGenePairOfTheRealImages()
    {
        string images = Requirements.SharedData("bdgp-sample");
        string dir = Path.Combine(Path.GetTempPath(), "grn-bdgp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // Initial weights: what matters here is the path from real files to a ranked edge list, not the scores.
            string weights = Path.Combine(dir, "sdinet.safetensors");
            var network = NetworkFactory.Create(ModelKind.SdiNet, NetworkDimensions.Full, seed: 1);
            WeightsCheckpoint.Save(weights, network, network.Parameters.Select(p => p.Initial).ToList(), epoch: 0);
            string edges = Path.Combine(dir, "edges.tsv");
            var r = CliRunner.Run("predict", "--weights", weights, "--all-pairs", "--images", images, "--max-image-pairs", "2",
                "--device", "cpu", "--out", edges);
            Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
            var scored = EdgeList.Read(edges);
            Assert.Equal(8 * 7, scored.Count);   // 8 genes, each against every other
            Assert.True(scored.Zip(scored.Skip(1)).All(x => x.First.Score >= x.Second.Score), "edge list not ranked");
            Assert.True(scored.Select(e => e.Score).Distinct().Count() > 1, "every pair got the same score: the images do not reach the output");
            // Two shards score exactly the pairs of the whole run, each with the same score to the bit.
            var shards = new List<ScoredEdge>();
            for (int i = 0; i < 2; i++)
            {
                string part = Path.Combine(dir, $"edges-{i}.tsv");
                var s = CliRunner.Run("predict", "--weights", weights, "--all-pairs", "--images", images, "--max-image-pairs", "2",
                    "--device", "cpu", "--shard", $"{i}/2", "--out", part);
                Assert.True(s.ExitCode == 0, s.Stderr + s.Stdout);
                shards.AddRange(EdgeList.Read(part));
            }
            Assert.Equal(scored.ToDictionary(e => (e.Tf, e.Target), e => e.Score), shards.ToDictionary(e => (e.Tf, e.Target), e => e.Score));
            Assert.Contains("pairs/s", r.Stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Issue 21: JPEG images predict like BMPs. The 193 sample BMPs re-encoded as JPEG (SkiaSharp, quality 100, no
    /// chroma subsampling) go through the same reader, the same pairing (same file names but the extension) and the
    /// same network, and give every gene pair a score within a small fraction of the spread of the BMP scores.
    /// </summary>
    [Fact]
    public void JpegCopiesOfTheRealImagesScoreLikeTheBmps()
    {
        string images = Requirements.SharedData("bdgp-sample");
        string dir = Path.Combine(Path.GetTempPath(), "grn-bdgp-jpeg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string jpegs = Path.Combine(dir, "jpeg");
            foreach (string bmp in Directory.GetFiles(images, "*.bmp", SearchOption.AllDirectories))
            {
                var image = GrnGpu.Models.Data.Images.ImageDecoder.DecodeFile(bmp);
                string to = Path.ChangeExtension(Path.Combine(jpegs, Path.GetRelativePath(images, bmp)), ".jpg");
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.WriteAllBytes(to, Images.ImageInputTests.Encode(Images.ImageInputTests.Rgba(image), image.Width, image.Height, SkiaSharp.SKEncodedImageFormat.Jpeg));
            }
            string weights = Path.Combine(dir, "sdinet.safetensors");
            var network = NetworkFactory.Create(ModelKind.SdiNet, NetworkDimensions.Full, seed: 1);
            WeightsCheckpoint.Save(weights, network, network.Parameters.Select(p => p.Initial).ToList(), epoch: 0);
            Dictionary<(string, string), double> Scores(string root, string name)
            {
                string edges = Path.Combine(dir, name);
                var r = CliRunner.Run("predict", "--weights", weights, "--all-pairs", "--images", root, "--max-image-pairs", "2", "--device", "cpu", "--out", edges);
                Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
                return EdgeList.Read(edges).ToDictionary(e => (e.Tf, e.Target), e => e.Score);
            }
            var fromBmp = Scores(images, "bmp.tsv");
            var fromJpeg = Scores(jpegs, "jpeg.tsv");
            Assert.Equal(fromBmp.Keys.Order(), fromJpeg.Keys.Order());
            double spread = fromBmp.Values.Max() - fromBmp.Values.Min();
            double worst = fromBmp.Max(kv => Math.Abs(kv.Value - fromJpeg[kv.Key]));
            Assert.True(worst <= 0.05 * spread, $"a JPEG score is {worst:G4} away from its BMP score (spread of the BMP scores {spread:G4})");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
