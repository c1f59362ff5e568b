using GrnGpu.Models;
using GrnGpu.Models.Networks;
using Xunit;

namespace GrnGpu.Tests.Models;

public class SummaryTests
{
    [Fact]
    public void RowsAddUpToTheTotalAndShapesFollowTheSeed()
    {
        var summary = new SdiNet().Summarize();
        Assert.Equal(summary.TotalCount, summary.Rows.Sum(r => r.Parameters));
        var row = summary.Rows.ToDictionary(r => r.Name);
        Assert.Equal([2, 128, 320], row["image_pair"].OutputShape);
        Assert.Equal([32, 64, 160], row["image/stage1/conv"].OutputShape);     // 7x7 stride 2, 'same'
        Assert.Equal([32, 32, 80], row["image/stage1/pool"].OutputShape);      // 3x3 stride 2, 'same'
        Assert.Equal([256, 4, 10], row["image/stage5/block2/relu"].OutputShape);
        Assert.Equal([640, 32, 80], row["image/aspp/concat"].OutputShape);     // ASPP on stage 2: 5 branches x 128 channels
        Assert.Equal([512], row["image/features"].OutputShape);
        Assert.Equal([1], row["output/sigmoid"].OutputShape);
        Assert.Equal("Conv2D", row["image/branch1/block/shortcut/conv"].Type);
        Assert.Equal(128 * 256 + 256, row["image/branch1/block/shortcut/conv"].Parameters);   // 1x1 shortcut
        Assert.Equal(3 * 3 * 64 * 128 + 128, row["image/stage4/block1/shortcut/conv"].Parameters); // 3x3/2 shortcut
    }

    [Fact]
    public void FusionJointLayersReadTheRightStages()
    {
        var row = new FusionNet().Summarize().Rows.ToDictionary(r => r.Name);
        Assert.Equal([128], row["joint1/concat"].OutputShape);
        Assert.Equal([384], row["joint2/concat"].OutputShape);
        Assert.Equal([1280], row["head/concat"].OutputShape);
        Assert.Equal([640, 16, 20], row["image/aspp/concat"].OutputShape);   // ASPP on stage 4 of a 256x320 image
    }

    [Fact]
    public void FormattedTableEndsWithTheCounts()
    {
        var lines = new RnaNet().Summarize().Format().TrimEnd().Split('\n');
        Assert.Equal("Model: \"rna\"", lines[0]);
        Assert.StartsWith("Layer (type)", lines[1]);
        Assert.Equal("Total params: 2,049,505", lines[^3]);
        Assert.Equal("Trainable params: 2,045,537", lines[^2]);
        Assert.Equal("Non-trainable params: 3,968", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("rna/se/dense (Dense)") && l.Contains("(None, 128)") && l.TrimEnd().EndsWith("16,384"));
    }

    [Theory]
    [InlineData("rna", "2,045,537")]
    [InlineData("sdinet", "4,283,489")]
    [InlineData("fusion", "6,961,953")]
    public void CliPrintsTheTable(string model, string trainable)
    {
        var r = CliRunner.Run("model", "summary", model);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.TrimEnd().Split('\n');
        Assert.Equal($"Trainable params: {trainable}", lines[^2].Trim());
        Assert.StartsWith("Non-trainable params: ", lines[^1]);
        Assert.Contains("(InputLayer)", r.Stdout);
    }

    [Fact]
    public void CliRejectsAnUnknownModelInOneLine()
    {
        var r = CliRunner.Run("model", "summary", "resnet");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("grn: error: unknown model 'resnet': expected one of rna, sdinet, fusion.", r.Stderr.Trim());
    }

    [Fact]
    public void KindNamesRoundTrip()
    {
        foreach (var kind in ModelKinds.All) Assert.Equal(kind, ModelKinds.Parse(kind.Name().ToUpperInvariant()));
    }
}
