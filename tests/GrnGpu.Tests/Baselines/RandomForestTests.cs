using GrnGpu.Models.Baselines;
using Xunit;

namespace GrnGpu.Tests.Baselines;

public class RandomForestTests
{
    private static (List<double[]> Rows, List<int> Labels) Separable(int n, int seed)
    {
        // Label = x0 + x3 > 1 over 6 uniform features: needs two features, the rest are noise.
        var rng = new Random(seed);
        var rows = new List<double[]>();
        var labels = new List<int>();
        for (int i = 0; i < n; i++)
        {
            var x = Enumerable.Range(0, 6).Select(_ => rng.NextDouble()).ToArray();
            rows.Add(x);
            labels.Add(x[0] + x[3] > 1 ? 1 : 0);
        }
        return (rows, labels);
    }

    [Fact]
    public void LearnsASimpleSeparableProblem()
    {
        var (rows, labels) = Separable(600, 1);
        var forest = RandomForest.Train(rows, labels, trees: 60, seed: 5);
        var (test, testLabels) = Separable(400, 2);
        int correct = test.Select((x, i) => (forest.PredictProbability(x) >= 0.5 ? 1 : 0) == testLabels[i] ? 1 : 0).Sum();
        Assert.True(correct / 400.0 > 0.9, $"accuracy {correct / 400.0}");
        // Training points are fitted almost perfectly by fully grown trees.
        Assert.True(rows.Select((x, i) => Math.Abs(forest.PredictProbability(x) - labels[i])).Average() < 0.2);
    }

    [Fact]
    public void SameSeedGivesTheSameForest()
    {
        var (rows, labels) = Separable(300, 3);
        var (test, _) = Separable(50, 4);
        var a = RandomForest.Train(rows, labels, trees: 40, seed: 9);
        var b = RandomForest.Train(rows, labels, trees: 40, seed: 9);
        var c = RandomForest.Train(rows, labels, trees: 40, seed: 10);
        var pa = test.Select(x => a.PredictProbability(x)).ToArray();
        Assert.Equal(pa, test.Select(x => b.PredictProbability(x)).ToArray());
        Assert.NotEqual(pa, test.Select(x => c.PredictProbability(x)).ToArray());
    }

    [Fact]
    public void ConstantFeaturesGiveTheBaseRate()
    {
        var rows = Enumerable.Range(0, 40).Select(_ => new double[] { 1, 1, 1 }).ToList();
        var labels = Enumerable.Range(0, 40).Select(i => i % 4 == 0 ? 1 : 0).ToList();
        var forest = RandomForest.Train(rows, labels, trees: 50, seed: 1);
        Assert.InRange(forest.PredictProbability([1, 1, 1]), 0.1, 0.4); // bootstrap base rates around 0.25
    }
}
