using System.Globalization;
using System.Text;
using GrnGpu.Models.Data;
using GrnGpu.Models.Data.Sets;
using Xunit;

namespace GrnGpu.Tests.Data;

/// <summary>Our X.npy against numpy.histogram2d computed independently by a Python script.</summary>
public class NumpyHistogramTests
{
    [Fact]
    public void AllSeedPairsMatchNumpy()
    {
        string seed = Requirements.SharedData("seed-rna");
        NumpyReference.Require();
        using var dir = new TempFolder();
        string tf = Path.Combine(seed, "tf_dataset.csv"), gene = Path.Combine(seed, "gene_dataset.csv");
        string pairs = Path.Combine(seed, "new_benchmark_dataset.csv");
        var result = DatasetBuilder.Build(new PairDataSource([tf, gene], pairs), dir.File("out"));
        Assert.Equal(5566, result.PairCount);
        double diff = NumpyReference.Check(64, Path.Combine(dir.File("out"), DatasetBuilder.XFile), Path.Combine(dir.File("out"), DatasetBuilder.YFile), pairs, tf, gene);
        TestContext.Current.TestOutputHelper?.WriteLine($"seed: max abs diff vs numpy = {diff:E3} over 5566 pairs");
        Assert.True(diff <= 1e-6);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(7)]
    [InlineData(1)]
    public void EdgeProneVectorsMatchNumpy(int bins)
    {
        NumpyReference.Require();
        using var dir = new TempFolder();
        // Vectors built to land on bin edges: integers, tenths, constants, few distinct values, huge and tiny scales.
        var rng = new Random(bins);
        var genes = new StringBuilder();
        var pairs = new StringBuilder();
        const int genesCount = 60, samples = 72;
        for (int g = 0; g < genesCount; g++)
        {
            genes.Append($"g{g},FB{g}");
            for (int s = 0; s < samples; s++)
            {
                double v = (g % 6) switch
                {
                    0 => rng.Next(0, bins + 1),
                    1 => rng.Next(-10, 11) / 10.0,
                    2 => 3.7,
                    3 => rng.Next(3) * 1e-3 + 0.1,
                    4 => (rng.NextDouble() - 0.5) * 1e12,
                    _ => rng.NextDouble(),
                };
                genes.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }
            genes.Append('\n');
        }
        // A pair drawn twice keeps its label (one pair with two labels is an error).
        for (int p = 0; p < 400; p++)
        {
            int a = rng.Next(genesCount), b = rng.Next(genesCount);
            pairs.Append($"g{a},g{b},{(a + b) % 2}\n");
        }
        string genesPath = dir.Write("genes.csv", genes.ToString());
        string pairsPath = dir.Write("pairs.csv", pairs.ToString());
        string outDir = Path.Combine(dir.Path, "out");
        DatasetBuilder.Build(new PairDataSource([genesPath], pairsPath), outDir, bins);
        double diff = NumpyReference.Check(bins, Path.Combine(outDir, "X.npy"), Path.Combine(outDir, "y.npy"), pairsPath, genesPath);
        Assert.True(diff <= 1e-6);
    }

    [Fact]
    public void SeedXlsxAndCsvHoldIdenticalValues()
    {
        string seed = Requirements.SharedData("seed-rna");
        foreach (var name in new[] { "tf_dataset", "gene_dataset" })
        {
            var xlsx = ExpressionTableReader.Read(Path.Combine(seed, name + ".xlsx"));
            var csv = ExpressionTableReader.Read(Path.Combine(seed, name + ".csv"));
            Assert.Equal(72, xlsx.SampleCount);
            Assert.Equal(csv.Symbols, xlsx.Symbols);
            foreach (var s in csv.Symbols)
            {
                Assert.Equal(csv[s].Id, xlsx[s].Id);
                Assert.Equal(csv[s].Values, xlsx[s].Values);
            }
        }
        Assert.Equal(96, ExpressionTableReader.Read(Path.Combine(seed, "tf_dataset.csv")).Count);
        var pairsXlsx = PairListReader.Read(Path.Combine(seed, "new_benchmark_dataset.xlsx"));
        var pairsCsv = PairListReader.Read(Path.Combine(seed, "new_benchmark_dataset.csv"));
        Assert.Equal(5566, pairsXlsx.Count);
        Assert.Equal(2784, pairsXlsx.Pairs.Count(p => p.Label == 1));
        Assert.Equal(pairsCsv.Pairs.Select(p => (p.Tf, p.Target, p.Label)), pairsXlsx.Pairs.Select(p => (p.Tf, p.Target, p.Label)));
    }

    [Fact]
    public void SeedPairsNeedTheDpAlias()
    {
        string seed = Requirements.SharedData("seed-rna");
        var table = ExpressionTableReader.ReadAll([Path.Combine(seed, "tf_dataset.csv"), Path.Combine(seed, "gene_dataset.csv")]);
        var pairs = PairListReader.Read(Path.Combine(seed, "new_benchmark_dataset.csv"));
        var e = Assert.Throws<GrnDataException>(() => PairResolver.Resolve(pairs, table, SymbolAliases.None, false));
        Assert.Contains("Dp", e.Message);
        Assert.Equal(5566, PairResolver.Resolve(pairs, table, SymbolAliases.SeedDefault, false).Count);
    }
}
