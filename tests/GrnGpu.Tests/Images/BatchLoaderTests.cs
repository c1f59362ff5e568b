using Xunit;
using GrnGpu.Models.Data.Images;

namespace GrnGpu.Tests.Images;

public class BatchLoaderTests
{
    /// <summary>A source whose sample i is filled with the value i, and which can fail on one sample.</summary>
    private sealed class CountingSource(int count, int throwAt = -1) : IBatchSource
    {
        public int Count => count;
        public int SampleLength => 3;
        public float Label(int sample) => sample % 2;
        public int SampleId(int sample) => sample * 10;

        public void Write(int sample, Span<float> destination)
        {
            if (sample == throwAt) throw new InvalidDataException($"sample {sample} is broken");
            destination.Fill(sample);
        }
    }

    /// <summary>A source of one huge sample size (2 x 1024 x 1024 floats, an SDINet pair at --image-size 1024x1024).</summary>
    private sealed class HugeSource : IBatchSource
    {
        public int Count => 10;
        public int SampleLength => 2 * 1024 * 1024;
        public float Label(int sample) => 0;
        public int SampleId(int sample) => sample;
        public void Write(int sample, Span<float> destination) => destination.Clear();
    }

    [Fact]
    public void BatchBuffersBeyondOneArrayAreOneClearLine()
    {
        // 4096 x 2,097,152 floats is 2^33: as an int product it wrapped to 0 and failed later with a .NET range error.
        var e = Assert.Throws<GrnGpu.Engine.Errors.GrnException>(() => new BatchLoader(new HugeSource(), 4096, seed: 1));
        Assert.Equal("a batch of 4096 samples of 2,097,152 floats needs 68.7 GB of host memory for its two batch buffers " +
                     $"(one buffer holds at most {Array.MaxLength:N0} floats); use a smaller --batch or --image-size", e.Message);
        // Two samples a batch fit, and an epoch of them loads.
        Assert.Equal(10, new BatchLoader(new HugeSource(), 2, seed: 1).Epoch(0, TestContext.Current.CancellationToken).Sum(b => b.Count));
    }

    [Fact]
    public void EveryEpochVisitsEverySampleOnceInASeededOrder()
    {
        var source = new CountingSource(103);
        var loader = new BatchLoader(source, 10, seed: 42);
        Assert.Equal(11, loader.BatchCount);
        List<int> Visit(BatchLoader l, int epoch) => l.Epoch(epoch, TestContext.Current.CancellationToken).SelectMany(b =>
        {
            var ids = new List<int>();
            for (int i = 0; i < b.Count; i++)
            {
                Assert.All(b.Sample(i).ToArray(), v => Assert.Equal(b.SampleIds[i] / 10, (int)v)); // input matches its id
                Assert.Equal(b.SampleIds[i] / 10 % 2, (int)b.Labels[i]);
                ids.Add(b.SampleIds[i] / 10);
            }
            return ids;
        }).ToList();
        var e0 = Visit(loader, 0);
        Assert.Equal(Enumerable.Range(0, 103), e0.Order());
        Assert.NotEqual(Enumerable.Range(0, 103), e0);                       // shuffled
        Assert.Equal(e0, Visit(new BatchLoader(source, 10, seed: 42), 0));     // seeded
        Assert.NotEqual(e0, Visit(loader, 1));                                 // another order each epoch
        Assert.Equal(Enumerable.Range(0, 103), Visit(new BatchLoader(source, 10, 0, shuffle: false), 0));
        Assert.Equal(100, new BatchLoader(source, 10, 0, dropLast: true).Epoch(0, TestContext.Current.CancellationToken).Sum(b => b.Count));
    }

    [Fact]
    public void PreparesExactlyOneBatchAhead()
    {
        var source = new SlowConsumerSource(40);
        var loader = new BatchLoader(source, 4, seed: 1);
        int consumed = 0;
        foreach (var batch in loader.Epoch(0, TestContext.Current.CancellationToken))
        {
            Thread.Sleep(20); // the consumer "computes"; the loader may only fill the next batch meanwhile
            Assert.True(source.HighestStartedSample / 4 <= batch.Index + 1, $"batch {batch.Index}: sample {source.HighestStartedSample} already started");
            consumed++;
        }
        Assert.Equal(10, consumed);
    }

    private sealed class SlowConsumerSource(int count) : IBatchSource
    {
        private int _started = -1, _writes;
        public int HighestStartedSample => Volatile.Read(ref _started);
        public int Count => count;
        public int SampleLength => 1;
        public float Label(int sample) => 0;
        public int SampleId(int sample) => sample;

        public void Write(int sample, Span<float> destination)
        {
            // Samples arrive shuffled; count writes instead, which map to batches in order.
            int n = Interlocked.Increment(ref _writes) - 1;
            int cur;
            while ((cur = Volatile.Read(ref _started)) < n && Interlocked.CompareExchange(ref _started, n, cur) != cur) { }
            destination[0] = sample;
        }
    }

    [Fact]
    public void AnExceptionWhilePreparingSurfacesInTheConsumer()
    {
        var source = new CountingSource(50, throwAt: 37);
        var loader = new BatchLoader(source, 8, seed: 0, shuffle: false);
        int batches = 0;
        var e = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var _ in loader.Epoch(0, TestContext.Current.CancellationToken)) batches++;
        });
        Assert.Equal("sample 37 is broken", e.Message);
        Assert.Equal(4, batches); // batches 0..3 (samples 0..31) arrived; batch 4 holds sample 37
    }

    [Fact]
    public void CancellationStopsTheEpoch()
    {
        var loader = new BatchLoader(new CountingSource(100), 5, seed: 0);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        int batches = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var _ in loader.Epoch(0, cts.Token))
                if (++batches == 3) cts.Cancel();
        });
        Assert.Equal(3, batches);
    }

    [Fact]
    public void BreakingOutEarlyIsClean()
    {
        var loader = new BatchLoader(new CountingSource(100), 5, seed: 0);
        foreach (var b in loader.Epoch(0, TestContext.Current.CancellationToken))
            if (b.Index == 2) break;
        Assert.Equal(20, loader.Epoch(1, TestContext.Current.CancellationToken).Count()); // the loader is reusable afterwards
    }
}
