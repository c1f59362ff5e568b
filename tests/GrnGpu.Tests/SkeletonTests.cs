using Xunit;

namespace GrnGpu.Tests;

public class SkeletonTests
{
    [Fact]
    public void RepoRootHoldsTheSolution() =>
        Assert.True(File.Exists(Path.Combine(Requirements.RepoRoot(), "GrnGpu.sln")));
}
