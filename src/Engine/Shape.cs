namespace GrnGpu.Engine;

/// <summary>
/// A tensor's dimensions, batch first (NCHW for images). Immutable; equal when the dimensions are equal.
/// </summary>
public readonly struct Shape : IEquatable<Shape>
{
    private readonly int[] _dims;

    public Shape(params int[] dims)
    {
        if (dims.Length == 0) throw new ArgumentException("a shape needs at least one dimension");
        long size = 1;
        foreach (var d in dims)
        {
            if (d < 0) throw new ArgumentException($"negative dimension in ({string.Join(", ", dims)})");
            size *= d;
            if (size > int.MaxValue) throw new ArgumentException($"shape ({string.Join(", ", dims)}) has more than 2^31 elements");
        }
        _dims = (int[])dims.Clone();
    }

    public int Rank => _dims.Length;
    public int this[int axis] => _dims[axis < 0 ? _dims.Length + axis : axis];
    public int Size => _dims.Aggregate(1, (a, b) => a * b);
    public ReadOnlySpan<int> Dims => _dims;

    public int N => _dims[0];
    public int C => Rank >= 2 ? _dims[1] : throw new InvalidOperationException($"shape {this} has no channel axis");
    public int H => Rank == 4 ? _dims[2] : throw new InvalidOperationException($"shape {this} is not NCHW");
    public int W => Rank == 4 ? _dims[3] : throw new InvalidOperationException($"shape {this} is not NCHW");

    public bool Equals(Shape other) => _dims.AsSpan().SequenceEqual(other._dims);
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in _dims) h.Add(d);
        return h.ToHashCode();
    }
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    public override string ToString() => "(" + string.Join(", ", _dims) + ")";
}
