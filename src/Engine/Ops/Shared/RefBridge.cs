namespace GrnGpu.Engine.Ops.Shared;

/// <summary>
/// How an op runs on the reference device: its tensors' floats are read as doubles, the double-precision
/// reference op (the op folder's &lt;Op&gt;Ref) computes, and the result is stored back as floats.
/// </summary>
internal static class RefBridge
{
    public static double[] Load(Tensor t)
    {
        var values = new float[t.Length];
        t.CopyTo(values);
        return Array.ConvertAll(values, v => (double)v);
    }

    public static void Store(Tensor t, double[] values)
    {
        if (values.Length != t.Length) throw new ArgumentException($"{values.Length} values for tensor {t.Shape}");
        t.CopyFrom(Array.ConvertAll(values, v => (float)v));
    }
}
