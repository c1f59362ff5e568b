using GrnGpu.Kernels.Cpu;
using Xunit;

namespace GrnGpu.Tests.Kernels;

/// <summary>The cpu device's worker pool: every index once, failures surface, nested loops do not deadlock.</summary>
public class CpuWorkersTests
{
    [Theory]
    [InlineData(1, 1000, 7)]
    [InlineData(3, 1000, 7)]
    [InlineData(3, 5, 1)]
    [InlineData(4, 100_003, 1000)]
    public void EveryIndexRunsExactlyOnce(int threads, int count, int grain)
    {
        using var pool = new CpuWorkers(threads);
        var hits = new int[count];
        for (int round = 0; round < 3; round++)   // the same pool serves loop after loop
            pool.For(count, grain, (begin, end) =>
            {
                for (int i = begin; i < end; i++) Interlocked.Increment(ref hits[i]);
            });
        Assert.All(hits, h => Assert.Equal(3, h));
    }

    [Fact]
    public void SeveralThreadsReallyWork()
    {
        using var pool = new CpuWorkers(3);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        using var barrier = new Barrier(3);
        // Three chunks that each wait for the other two: only three threads working at once can pass.
        pool.For(3, 1, (begin, _) =>
        {
            seen[Environment.CurrentManagedThreadId] = true;
            Assert.True(barrier.SignalAndWait(TimeSpan.FromSeconds(20)), "the chunks did not run at the same time");
        });
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void AFailureInAChunkReachesTheCallerAndThePoolGoesOn()
    {
        using var pool = new CpuWorkers(2);
        var e = Assert.Throws<InvalidOperationException>(() => pool.For(100, 1, (begin, end) =>
        {
            if (begin <= 37 && 37 < end) throw new InvalidOperationException("chunk 37");
        }));
        Assert.Equal("chunk 37", e.Message);
        int sum = 0;
        pool.For(10, 1, (begin, end) =>
        {
            for (int i = begin; i < end; i++) Interlocked.Add(ref sum, i);
        });
        Assert.Equal(45, sum);
    }

    [Fact]
    public void ALoopInsideALoopRunsOnItsCallerAlone()
    {
        using var pool = new CpuWorkers(2);
        var inner = new int[8 * 50];
        pool.For(8, 1, (outer, _) => pool.For(50, 1, (begin, end) =>
        {
            for (int i = begin; i < end; i++)
            {
                Assert.Equal(0, inner[outer * 50 + i]);
                inner[outer * 50 + i] = 1;
            }
        }));
        Assert.All(inner, v => Assert.Equal(1, v));
    }

    [Fact]
    public void APoolNeedsAThread()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuWorkers(0));
    }
}
