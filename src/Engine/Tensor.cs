using GrnGpu.Engine.Devices;

namespace GrnGpu.Engine;

/// <summary>
/// A float32 tensor on one device. It owns a buffer rented from the device's pool and gives it back on
/// Dispose; <see cref="Reshape"/> makes a second tensor over the same storage, and the buffer returns to
/// the pool when the last of them is disposed.
/// </summary>
public sealed class Tensor : IDisposable
{
    private sealed class Storage(DeviceBuffer buffer, bool pooled)
    {
        public readonly DeviceBuffer Buffer = buffer;
        public readonly bool Pooled = pooled;
        public int References = 1;
    }

    private Storage? _storage;

    public ComputeDevice Device { get; }
    public Shape Shape { get; }
    public int Length => Shape.Size;

    public DeviceBuffer Buffer => (_storage ?? throw new ObjectDisposedException(nameof(Tensor), $"tensor {Shape} was disposed")).Buffer;
    public bool IsDisposed => _storage == null;

    private Tensor(ComputeDevice device, Shape shape, Storage storage)
    {
        Device = device;
        Shape = shape;
        _storage = storage;
    }

    /// <summary>An uninitialised tensor (contents are whatever the pooled buffer held).</summary>
    public static Tensor Empty(ComputeDevice device, Shape shape) =>
        new(device, shape, new Storage(device.Pool.Rent((long)shape.Size * sizeof(float)), pooled: true));

    /// <summary>
    /// A tensor over a buffer someone else owns (a parameter's view into a flat buffer); disposing it
    /// leaves the buffer alone.
    /// </summary>
    public static Tensor Over(DeviceBuffer buffer, Shape shape)
    {
        if (buffer.Floats < shape.Size) throw new ArgumentException($"buffer of {buffer.Floats} floats cannot hold {shape}");
        return new(buffer.Device, shape, new Storage(buffer, pooled: false));
    }

    public static Tensor Full(ComputeDevice device, Shape shape, float value)
    {
        var t = Empty(device, shape);
        device.Fill(t.Buffer, 0, t.Length, value);
        return t;
    }

    public static Tensor Zeros(ComputeDevice device, Shape shape) => Full(device, shape, 0f);

    public static Tensor FromArray(ComputeDevice device, Shape shape, ReadOnlySpan<float> values)
    {
        if (values.Length != shape.Size)
            throw new ArgumentException($"{values.Length} values do not fill shape {shape} ({shape.Size} elements)");
        var t = Empty(device, shape);
        device.Write(t.Buffer, 0, values);
        return t;
    }

    /// <summary>A tensor of a new shape over the same storage (same element count).</summary>
    public Tensor Reshape(Shape shape)
    {
        if (shape.Size != Length) throw new ArgumentException($"cannot reshape {Shape} ({Length} elements) to {shape} ({shape.Size})");
        var storage = _storage ?? throw new ObjectDisposedException(nameof(Tensor));
        Interlocked.Increment(ref storage.References);
        return new Tensor(Device, shape, storage);
    }

    public float[] ToArray()
    {
        var result = new float[Length];
        CopyTo(result);
        return result;
    }

    public void CopyTo(Span<float> destination) => Device.Read(Buffer, 0, destination[..Length]);

    public void CopyFrom(ReadOnlySpan<float> source)
    {
        if (source.Length != Length) throw new ArgumentException($"{source.Length} values for a tensor of {Length}");
        Device.Write(Buffer, 0, source);
    }

    public void Dispose()
    {
        var storage = Interlocked.Exchange(ref _storage, null);
        if (storage != null && Interlocked.Decrement(ref storage.References) == 0 && storage.Pooled)
            Device.Pool.Return(storage.Buffer);
    }

    public override string ToString() => $"Tensor{Shape} on {Device.Info.Id}";
}
