namespace GrnGpu.Engine.Devices;

public enum KernelArgKind { Buffer, Int, Float }

/// <summary>One kernel argument: a device buffer (a pointer in the kernel), an int or a float.</summary>
public readonly struct KernelArg
{
    public KernelArgKind Kind { get; }
    public DeviceBuffer? Buffer { get; }
    public int Int { get; }
    public float Float { get; }

    private KernelArg(KernelArgKind kind, DeviceBuffer? buffer, int i, float f)
    {
        Kind = kind;
        Buffer = buffer;
        Int = i;
        Float = f;
    }

    public static implicit operator KernelArg(DeviceBuffer buffer) => new(KernelArgKind.Buffer, buffer, 0, 0);
    public static implicit operator KernelArg(int value) => new(KernelArgKind.Int, null, value, 0);
    public static implicit operator KernelArg(float value) => new(KernelArgKind.Float, null, 0, value);
}

/// <summary>A launch extent in up to three dimensions (work-groups, or work-items per group).</summary>
public readonly record struct Dim3(int X, int Y = 1, int Z = 1)
{
    public long Volume => (long)X * Y * Z;

    public static Dim3 GroupsFor(int items, int groupSize) => new((items + groupSize - 1) / groupSize);

    public override string ToString() => $"({X}, {Y}, {Z})";
}
