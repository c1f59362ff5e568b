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
        SyntheticSet.NeedOpenCl();
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
                "--device", "opencl", "--out", edges);
            Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
            var scored = EdgeList.Read(edges);
            Assert.Equal(8 * 7, scored.Count);   // 8 genes, each against every other
            Assert.All(scored, e => Assert.InRange(e.Score, 0, 1));
            Assert.Contains("pairs/s", r.Stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
