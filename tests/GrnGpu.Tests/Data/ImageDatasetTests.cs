using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Sets;
using Xunit;
using GrnGpu.Models.Data.Images;
using GrnGpu.Models.Data.Synthetic;

namespace GrnGpu.Tests.Data;

public class ImageDatasetTests
{
    [Fact]
    public void DatasetBuildWithImagesWritesSdinetInputsIndexedByGenePair()
    {
        string root = Path.Combine(Path.GetTempPath(), "grn-imgds-" + Guid.NewGuid().ToString("N"));
        try
        {
            string synth = Path.Combine(root, "synth"), outDir = Path.Combine(root, "out");
            SyntheticDataGenerator.Generate(synth, new SyntheticOptions { Seed = 5, Tfs = 3, Targets = 6, ImagesPerGene = 2 });
            var source = new PairDataSource([Path.Combine(synth, "tf_dataset.csv"), Path.Combine(synth, "gene_dataset.csv")],
                Path.Combine(synth, "pairs.csv"));
            var images = new ImageDatasetOptions(Path.Combine(synth, "images"), new ImagePairOptions { MaxImagePairsPerGenePair = 7, MinImagePairs = 6 });
            var result = DatasetBuilder.Build(source, outDir, bins: 16, images: images);

            var x = NpyReader.Read(Path.Combine(outDir, DatasetBuilder.XFile));
            var imgs = NpyReader.Read(Path.Combine(outDir, ImageDatasetWriter.ImagesFile));
            var index = NpyReader.Read(Path.Combine(outDir, ImageDatasetWriter.GenePairIndexFile));
            int pairCount = result.Images!.ImagePairs;
            Assert.True(pairCount > 0);
            Assert.Equal(new[] { pairCount, 2, 128, 320 }, imgs.Shape);
            Assert.Equal(new[] { pairCount }, index.Shape);
            // Every image pair points at a row of X.npy; each kept gene pair has between 6 and 7 (the cap) image pairs.
            Assert.All(index.Data, r => Assert.InRange(r, 0, x.Shape[0] - 1));
            Assert.All(index.Data.GroupBy(r => r), g => Assert.InRange(g.Count(), 6, 7));
            // Inputs are scaled per sample to [0, 1], reaching both ends (real images are not constant).
            int sample = 2 * 128 * 320;
            for (int p = 0; p < pairCount; p++)
            {
                var s = imgs.Data.AsSpan(p * sample, sample);
                Assert.Equal(0f, s.ToArray().Min());
                Assert.Equal(1f, s.ToArray().Max());
            }
            var tsv = File.ReadAllLines(Path.Combine(outDir, ImageDatasetWriter.PairsFile));
            Assert.Equal(pairCount + 1, tsv.Length);
            Assert.Equal("pair\tgene_pair\tview\ttf_image\ttarget_image", tsv[0]);
            Assert.Equal(((int)index.Data[3]).ToString(), tsv[4].Split('\t')[1]);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
