using GrnGpu.Models;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Models;

public class ParameterCountTests
{
    // The seed's Keras models report these trainable counts (BN moving statistics are non-trainable).
    [Theory]
    [InlineData(ModelKind.Rna, 2_045_537L, 3_968L)]
    [InlineData(ModelKind.SdiNet, 4_283_489L, 7_872L)]
    [InlineData(ModelKind.Fusion, 6_961_953L, 11_840L)]
    public void FullSizeNetworksHaveTheSeedsParameterCounts(ModelKind kind, long trainable, long nonTrainable)
    {
        var network = NetworkFactory.Create(kind);
        Assert.Equal(trainable, network.TrainableCount);
        Assert.Equal(nonTrainable, network.NonTrainableCount);
        // BN moving statistics are 2 of every 4 BN values, the only non-trainable parameters.
        Assert.All(network.Parameters.Where(p => !p.Trainable), p => Assert.Matches("/moving_(mean|variance)$", p.Name));
    }

    [Fact]
    public void ParameterNamesAreUnique()
    {
        foreach (var kind in ModelKinds.All)
        {
            var names = NetworkFactory.Create(kind).Parameters.Select(p => p.Name).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
        }
    }

    [Fact]
    public void FusionNetIsBothTrunksPlusTheJointLayers()
    {
        // joint1 (64+64 -> 128), joint2 (128+128+128 -> 256), head (512+256+512 -> 128), output (128 -> 1),
        // and the image trunk of a 1-channel input with ASPP on stage 4 (128 input channels instead of 32).
        long joint = (128 * 128 + 128) + (384 * 256 + 256) + (1280 * 128 + 128) + (128 + 1);
        long rnaTrunk = 2_045_537 - 513;
        long sdiTrunk = 4_283_489 - 513;
        long stemChannelDifference = -1 * 32 * 49;                              // 1 input channel instead of 2
        long asppInputDifference = (128 - 32) * 128 * (1 + 9 * 3 + 1);         // ASPP reads 128 channels instead of 32
        Assert.Equal(rnaTrunk + sdiTrunk + stemChannelDifference + asppInputDifference + joint,
            NetworkFactory.Create(ModelKind.Fusion).TrainableCount);
    }
}
