namespace GrnGpu.Kernels.Cpu;

/// <summary>
/// One pool of worker threads for the CPU kernels: created once when a CPU device is opened, never per op. A parallel
/// loop hands out chunks of its index range through one shared counter; the calling thread works too, so a pool of
/// N threads has N - 1 workers. A loop started from inside a loop body runs on the calling thread alone (no nested
/// fan-out, no deadlock). Results never depend on the thread count as long as each index's work is independent,
/// which is the rule every kernel follows (a reduction's order is fixed inside one index).
/// </summary>
public sealed class CpuWorkers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _start = new(0);
    private readonly object _gate = new();
    private volatile bool _disposed;

    // The loop in flight: its body, range and the next chunk to hand out.
    private Action<int, int>? _body;
    private int _count, _grain, _next, _pending;
    private Exception? _failure;
    private readonly ManualResetEventSlim _done = new(false);

    [ThreadStatic] private static bool _insideLoop;

    /// <summary>How many threads a loop uses, the caller included.</summary>
    public int Threads { get; }

    public CpuWorkers(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), $"a CPU device needs at least one thread, got {threads}");
        Threads = threads;
        _threads = new Thread[threads - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"grn-cpu-{i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>
    /// Runs body(begin, end) over [0, count) in chunks of about <paramref name="grain"/> indices (at least one chunk per
    /// thread when the range allows), on every thread of the pool, and returns when all are done.
    /// </summary>
    public void For(int count, int grain, Action<int, int> body)
    {
        if (count <= 0) return;
        grain = Math.Max(1, grain);
        // Small ranges, single-threaded pools and nested loops run here.
        if (Threads == 1 || count <= grain || _insideLoop || !Monitor.TryEnter(_gate))
        {
            bool outer = _insideLoop;
            _insideLoop = true;
            try { body(0, count); }
            finally { _insideLoop = outer; }
            return;
        }
        try
        {
            _body = body;
            _count = count;
            _grain = grain;
            _next = 0;
            _failure = null;
            int helpers = Math.Min(_threads.Length, (count + grain - 1) / grain - 1);
            _pending = helpers + 1;
            _done.Reset();
            if (helpers > 0) _start.Release(helpers);
            Work();
            _done.Wait();
            _body = null;
            if (_failure != null) throw new AggregateException(_failure).InnerException!;
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    /// <summary>Runs body(i) for each i in [0, count), one index per chunk.</summary>
    public void For(int count, Action<int> body) => For(count, 1, (begin, end) =>
    {
        for (int i = begin; i < end; i++) body(i);
    });

    private void Work()
    {
        _insideLoop = true;
        try
        {
            var body = _body!;
            while (true)
            {
                int begin = Interlocked.Add(ref _next, _grain) - _grain;
                if (begin >= _count) break;
                try { body(begin, Math.Min(_count, begin + _grain)); }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _failure, e, null);
                    Volatile.Write(ref _next, _count);
                }
            }
        }
        finally
        {
            _insideLoop = false;
            if (Interlocked.Decrement(ref _pending) == 0) _done.Set();
        }
    }

    private void WorkerLoop()
    {
        while (true)
        {
            _start.Wait();
            if (_disposed) return;
            Work();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_threads.Length > 0) _start.Release(_threads.Length);   // a pool of one thread has no worker to wake (Release(0) throws)
        foreach (var t in _threads) t.Join();
        _start.Dispose();
        _done.Dispose();
    }
}
