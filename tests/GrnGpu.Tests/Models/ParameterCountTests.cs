using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Models;
using GrnGpu.Models.Layers;
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
    public void DeclaringAParameterNameTwiceThrows()
    {
        // Every network's names are unique because the registry refuses a second declaration (the networks above
        // build); the store refuses duplicates too, for specs that do not come from a registry.
        var registry = new ParameterRegistry(seed: 1);
        registry.Add("block/conv/kernel", new Shape(2), [1, 2]);
        var e = Assert.Throws<InvalidOperationException>(() => registry.Add("block/conv/kernel", new Shape(3), [1, 2, 3]));
        Assert.Contains("block/conv/kernel", e.Message);
        Assert.Single(registry.Declarations);
        registry.Add("block/conv/bias", new Shape(1), [0]);
        Assert.Equal(2, registry.Declarations.Count);

        var device = TestDevices.Get("cpu-ref");
        Assert.Throws<ArgumentException>(() => new ParameterStore(device,
            [new ParameterSpec("w", new Shape(2), [1, 2]), new ParameterSpec("w", new Shape(2), [3, 4], Trainable: false)]));
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
