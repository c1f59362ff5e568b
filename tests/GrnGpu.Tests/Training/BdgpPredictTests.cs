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
}
