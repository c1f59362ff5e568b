namespace GrnGpu.Engine.Reference;

/// <summary>Argument checks shared by the reference ops: a wrong-sized array is a caller bug worth a clear message.</summary>
internal static class RefCheck
{
    public static void Length(double[] array, int expected, string what)
    {
        ArgumentNullException.ThrowIfNull(array, what);
        if (array.Length != expected)
            throw new ArgumentException($"{what}: expected {expected} elements, got {array.Length}.", what);
    }

    public static void SameLength(double[] a, double[] b, string whatA, string whatB)
    {
        ArgumentNullException.ThrowIfNull(a, whatA);
        ArgumentNullException.ThrowIfNull(b, whatB);
        if (a.Length != b.Length)
            throw new ArgumentException($"{whatA} has {a.Length} elements but {whatB} has {b.Length}.", whatB);
    }
}
