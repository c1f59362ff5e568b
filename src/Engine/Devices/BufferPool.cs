namespace GrnGpu.Engine.Devices;

/// <summary>
/// Per-device cache of freed buffers by size class. Training allocates the same activation shapes every
/// step; reusing their buffers avoids a driver allocation (and on CUDA a device synchronisation) per tensor.
/// Size classes are four steps per power of two, so a rented buffer wastes at most a fifth of its size; when its
/// own class has nothing parked, a request may take a parked buffer of up to twice its size.
/// </summary>
public sealed class BufferPool
{
    private readonly ComputeDevice _device;
    private readonly Dictionary<long, Stack<DeviceBuffer>> _free = new();
    private readonly object _lock = new();

    public long BytesInUse { get; private set; }
    public long BytesCached { get; private set; }
    /// <summary>Most bytes rented at once since the last <see cref="ResetPeak"/>.</summary>
    public long PeakBytesInUse { get; private set; }
    /// <summary>Most bytes held from the driver (rented plus cached) at once since the last <see cref="ResetPeak"/>.</summary>
    public long PeakBytesHeld { get; private set; }

    public void ResetPeak()
    {
        lock (_lock)
        {
            PeakBytesInUse = BytesInUse;
            PeakBytesHeld = BytesInUse + BytesCached;
        }
    }

    private void NotePeak()
    {
        PeakBytesInUse = Math.Max(PeakBytesInUse, BytesInUse);
        PeakBytesHeld = Math.Max(PeakBytesHeld, BytesInUse + BytesCached);
    }

    public BufferPool(ComputeDevice device) => _device = device;

    public static long SizeClass(long bytes)
    {
        if (bytes <= 256) return 256;
        int log = 63 - (int)long.LeadingZeroCount(bytes - 1);  // 2^log < bytes <= 2^(log+1)
        long step = 1L << (log - 2);                       // four classes between 2^log and 2^(log+1)
        return (bytes + step - 1) / step * step;
    }

    public DeviceBuffer Rent(long bytes)
    {
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(bytes));
        long size = SizeClass(bytes);
        lock (_lock)
        {
            if (_free.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                BytesCached -= size;
                BytesInUse += size;
                NotePeak();
                return stack.Pop();
            }
            // No buffer of this class parked: take the smallest parked one up to twice the size rather than
            // allocating. Without this the pool holds, per size class, the most that class ever had in use at
            // once, which for a training step is far more than the most in use altogether.
            if (size >= MinBorrowBytes && BorrowLarger(size) is { } larger) return larger;
        }
        DeviceBuffer buffer;
        try
        {
            buffer = _device.AllocateBuffer(size);
        }
        catch (OutOfDeviceMemoryException)
        {
            // Out of memory with buffers parked here: give them back to the driver and try once more. Any other
            // failure (a dead context after a kernel fault, a bad handle) propagates as it is: retrying would hide it.
            Trim();
            buffer = _device.AllocateBuffer(size);
        }
        lock (_lock)
        {
            BytesInUse += size;
            NotePeak();
        }
        return buffer;
    }

    /// <summary>Smaller requests only take their own class (their waste would not matter, the search would).</summary>
    private const long MinBorrowBytes = 1 << 16;

    private DeviceBuffer? BorrowLarger(long size)
    {
        long best = long.MaxValue;
        foreach (var (bytes, stack) in _free)
            if (stack.Count > 0 && bytes > size && bytes <= 2 * size && bytes < best) best = bytes;
        if (best == long.MaxValue) return null;
        BytesCached -= best;
        BytesInUse += best;
        NotePeak();
        return _free[best].Pop();
    }

    public void Return(DeviceBuffer buffer)
    {
        lock (_lock)
        {
            if (!_free.TryGetValue(buffer.Bytes, out var stack)) _free[buffer.Bytes] = stack = new Stack<DeviceBuffer>();
            stack.Push(buffer);
            BytesInUse -= buffer.Bytes;
            BytesCached += buffer.Bytes;
        }
    }

    /// <summary>Frees every cached buffer.</summary>
    public void Trim()
    {
        List<DeviceBuffer> all;
        lock (_lock)
        {
            all = _free.Values.SelectMany(s => s).ToList();
            _free.Clear();
            BytesCached = 0;
        }
        foreach (var b in all) _device.FreeBuffer(b);
    }
}
