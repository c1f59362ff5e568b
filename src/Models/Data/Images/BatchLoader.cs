using System.Runtime.ExceptionServices;

namespace GrnGpu.Models.Data.Images;

/// <summary>
/// One batch: <see cref="Count"/> samples of <see cref="SampleLength"/> floats each in Inputs (row-major,
/// sample after sample), their labels and the source's sample ids. The arrays are sized for a full batch;
/// only the first Count entries are meaningful in the last, short batch.
/// The loader reuses the arrays: a batch is valid until the enumerator is advanced again.
/// </summary>
public sealed class SampleBatch
{
    public float[] Inputs { get; }
    public float[] Labels { get; }
    public int[] SampleIds { get; }
    public int SampleLength { get; }
    public int Count { get; internal set; }
    public int Index { get; internal set; }

    internal SampleBatch(int capacity, int sampleLength)
    {
        Inputs = new float[capacity * sampleLength];
        Labels = new float[capacity];
        SampleIds = new int[capacity];
        SampleLength = sampleLength;
    }

    public Span<float> Sample(int i) => Inputs.AsSpan(i * SampleLength, SampleLength);
}

/// <summary>
/// Yields the batches of an epoch in a seeded shuffled order, preparing batch k+1 on a background thread while
/// the consumer works on batch k: exactly one batch ahead, so memory is two batches (about 10 MB each for 32
/// SDINet samples), not a queue. Images stay as bytes in the source; floats exist only in those two buffers.
/// An exception thrown while preparing a batch is rethrown, with its original stack, by the MoveNext that
/// would have returned that batch; cancellation stops the background work and throws OperationCanceledException.
/// </summary>
public sealed class BatchLoader
{
    private readonly IBatchSource _source;
    private readonly long _seed;
    private readonly bool _shuffle, _dropLast;

    public int BatchSize { get; }

    public BatchLoader(IBatchSource source, int batchSize, long seed, bool shuffle = true, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), "expected at least 1");
        RequireBuffersFit(batchSize, source.SampleLength);
        _source = source;
        BatchSize = batchSize;
        _seed = seed;
        _shuffle = shuffle;
        _dropLast = dropLast;
    }

    /// <summary>
    /// The two batch buffers must fit in one .NET array each and, together, in this machine's memory: checked before
    /// the first batch, so that a --batch or --image-size too large for the host is one clear line, not an overflow.
    /// </summary>
    private static void RequireBuffersFit(int batchSize, int sampleLength)
    {
        long floats = (long)batchSize * sampleLength, bytes = 2 * 4 * floats;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (floats > Array.MaxLength || bytes > available)
            throw new GrnGpu.Engine.Errors.GrnException(
                $"a batch of {batchSize} samples of {sampleLength:N0} floats needs {bytes / 1e9:F1} GB of host memory for its two batch buffers " +
                (floats > Array.MaxLength ? $"(one buffer holds at most {Array.MaxLength:N0} floats)" : $"(this machine has {available / 1e9:F1} GB)") +
                "; use a smaller --batch or --image-size");
    }

    public int BatchCount => _dropLast ? _source.Count / BatchSize : (_source.Count + BatchSize - 1) / BatchSize;

    /// <summary>The sample order of an epoch: a permutation drawn from (seed, epoch), or 0..n-1 without shuffling.</summary>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, _source.Count).ToArray();
        if (_shuffle) DeterministicRng.For(_seed, "epoch", epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)).Shuffle(order);
        return order;
    }

    public IEnumerable<SampleBatch> Epoch(int epoch, CancellationToken cancel = default)
    {
        int count = BatchCount;
        if (count == 0) yield break;
        int[] order = Order(epoch);
        var buffers = new[] { new SampleBatch(BatchSize, _source.SampleLength), new SampleBatch(BatchSize, _source.SampleLength) };
        Task<SampleBatch>? pending = Start(buffers[0], 0, order, cancel);
        try
        {
            for (int b = 0; b < count; b++)
            {
                SampleBatch current = Await(pending!);
                pending = b + 1 < count ? Start(buffers[(b + 1) & 1], b + 1, order, cancel) : null;
                cancel.ThrowIfCancellationRequested();
                yield return current;
            }
        }
        finally
        {
            // The consumer stopped early (break, exception, cancellation): let the background fill finish
            // before the buffers go away, and drop its outcome, which nobody will read.
            if (pending != null)
            {
                try { pending.Wait(CancellationToken.None); }
                catch (AggregateException) { }
            }
        }
    }

    private Task<SampleBatch> Start(SampleBatch batch, int index, int[] order, CancellationToken cancel) =>
        Task.Run(() => Fill(batch, index, order, cancel), cancel);

    private SampleBatch Fill(SampleBatch batch, int index, int[] order, CancellationToken cancel)
    {
        int start = index * BatchSize;
        int n = Math.Min(BatchSize, order.Length - start);
        for (int i = 0; i < n; i++)
        {
            cancel.ThrowIfCancellationRequested();
            int sample = order[start + i];
            _source.Write(sample, batch.Sample(i));
            batch.Labels[i] = _source.Label(sample);
            batch.SampleIds[i] = _source.SampleId(sample);
        }
        batch.Count = n;
        batch.Index = index;
        return batch;
    }

    private static SampleBatch Await(Task<SampleBatch> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
