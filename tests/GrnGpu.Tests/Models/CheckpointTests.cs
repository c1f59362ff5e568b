using GrnGpu.Engine;
using GrnGpu.Engine.Autograd;
using GrnGpu.Models;
using GrnGpu.Models.Checkpoints;
using GrnGpu.Models.Layers;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Models;

public class CheckpointTests
{
    private static List<float[]> Initial(Network n) => n.Parameters.Select(p => p.Initial).ToList();

    [Fact]
    public void WeightsRoundTripWithTheirMetadata()
    {
        using var dir = new TempFolder();
        string path = dir.File("fusion.safetensors");
        var network = new FusionNet(NetworkDimensions.Small, seed: 3);
        WeightsCheckpoint.Save(path, network, Initial(network), epoch: 12, metricsJson: "{\"auroc\":0.81}");

        var (info, values) = WeightsCheckpoint.Load(path, new FusionNet(NetworkDimensions.Small, seed: 99));
        Assert.Equal(ModelKind.Fusion, info.Kind);
        Assert.Equal(12, info.Epoch);
        Assert.Equal("{\"auroc\":0.81}", info.MetricsJson);
        Assert.Equal("image=1x32x24;histogram=1x16x16", info.Inputs);
        Assert.Equal(16, info.HistogramBins);
        Assert.Equal(Initial(network), values);
    }

    [Fact]
    public void MetricsMustBeJson()
    {
        using var dir = new TempFolder();
        var rna = new RnaNet(NetworkDimensions.Small);
        Assert.Throws<ArgumentException>(() => WeightsCheckpoint.Save(dir.File("w.safetensors"), rna, Initial(rna), 1, "{auroc: 0.8"));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void AnotherModelKindIsRefused()
    {
        using var dir = new TempFolder();
        string path = dir.File("rna.safetensors");
        var rna = new RnaNet(NetworkDimensions.Small);
        WeightsCheckpoint.Save(path, rna, Initial(rna), epoch: 1);
        var e = Assert.Throws<GrnException>(() => WeightsCheckpoint.Load(path, new SdiNet(NetworkDimensions.Small)));
        Assert.Equal($"'{path}' holds rna weights, not sdinet weights.", e.Message);
    }

    [Fact]
    public void OtherInputsAreRefused()
    {
        using var dir = new TempFolder();
        string path = dir.File("rna.safetensors");
        var rna = new RnaNet(NetworkDimensions.Small);
        WeightsCheckpoint.Save(path, rna, Initial(rna), epoch: 1);
        var e = Assert.Throws<GrnException>(() => WeightsCheckpoint.Load(path, new RnaNet(NetworkDimensions.Small with { HistogramBins = 32 })));
        Assert.Contains("histogram=1x16x16", e.Message);
        Assert.Contains("histogram=1x32x32", e.Message);
    }

    [Fact]
    public void MismatchedTensorsAreListedMissingExtraAndWrongShape()
    {
        using var dir = new TempFolder();
        string path = dir.File("rna.safetensors");
        var network = new RnaNet(NetworkDimensions.Small);
        var tensors = ParameterTensors.Pair(network.Parameters, Initial(network));
        tensors.RemoveAll(t => t.Name == "rna/se/dense/kernel");
        tensors.Add(new NamedTensor("rna/se/dense/bias", [8], new float[8]));
        int output = tensors.FindIndex(t => t.Name == "output/kernel");
        tensors[output] = new NamedTensor("output/kernel", [1, 21], new float[21]);
        SafeTensorsFile.Write(path, tensors, CheckpointInfo.For(network, 0, "{}").ToMetadata());

        var e = Assert.Throws<GrnException>(() => WeightsCheckpoint.Load(path, network));
        Assert.Equal($"'{path}' does not match the model: missing 1 (rna/se/dense/kernel); extra 1 (rna/se/dense/bias); " +
                     "wrong shape: 1 (output/kernel is (1, 21) in the file, (1, 20) in the model).", e.Message);
    }

    [Fact]
    public void ATruncatedWeightsFileNamesTheFile()
    {
        using var dir = new TempFolder();
        string path = dir.File("sdinet.safetensors");
        var network = new SdiNet(NetworkDimensions.Small);
        WeightsCheckpoint.Save(path, network, Initial(network), epoch: 1);
        using (var f = new FileStream(path, FileMode.Open)) f.SetLength(f.Length / 2);
        var e = Assert.Throws<GrnException>(() => WeightsCheckpoint.Load(path, network));
        Assert.StartsWith($"'{path}' is not a valid safetensors file (truncated or corrupt)", e.Message);
    }

    [Fact]
    public void AForeignSafetensorsFileIsRefused()
    {
        using var dir = new TempFolder();
        string path = dir.File("foreign.safetensors");
        SafeTensorsFile.Write(path, [new NamedTensor("w", [1], [1f])], new Dictionary<string, string>());
        var e = Assert.Throws<GrnException>(() => WeightsCheckpoint.Load(path, new RnaNet(NetworkDimensions.Small)));
        Assert.Contains("not a GrnGpu weights file", e.Message);
    }

    [Fact]
    public void AdamStateRoundTripsInTheCompanionFile()
    {
        using var dir = new TempFolder();
        string weights = dir.File("rna.safetensors");
        var network = new RnaNet(NetworkDimensions.Small);
        var trainable = network.Parameters.Where(p => p.Trainable).ToList();
        var random = new Random(5);
        float[] Noise(ParameterSpec p) => Enumerable.Range(0, p.Length).Select(_ => (float)random.NextDouble()).ToArray();
        var state = new AdamState(417, trainable.Select(Noise).ToList(), trainable.Select(Noise).ToList());
        OptimizerCheckpoint.Save(weights, network, state);

        Assert.True(File.Exists(dir.File("rna.optimizer.safetensors")));
        var loaded = OptimizerCheckpoint.Load(weights, network);
        Assert.Equal(417, loaded.Step);
        Assert.Equal(state.M, loaded.M);
        Assert.Equal(state.V, loaded.V);
        var e = Assert.Throws<GrnException>(() => OptimizerCheckpoint.Load(weights, new SdiNet(NetworkDimensions.Small)));
        Assert.Contains("not sdinet", e.Message);
    }
}
